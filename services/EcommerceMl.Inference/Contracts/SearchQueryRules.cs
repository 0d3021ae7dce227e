using System.Globalization;

namespace EcommerceMl.Inference.Contracts;

/// <summary>
/// What a search query must be, for REST and the Open Inference Protocol alike: given and not blank, at most
/// <c>MaxStringLength</c> characters, and no control characters (a pasted tab or a NUL byte is a client bug,
/// not something to search for). Null when the query is fine, else the message.
/// </summary>
internal static class SearchQueryRules
{
    public static string? Problem(string field, string? query, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return $"{field} is required: the words to search for.";
        }

        if (query.Length > maxLength)
        {
            return $"{field} holds {query.Length} characters; at most {maxLength} (MaxStringLength) are accepted.";
        }

        for (var i = 0; i < query.Length; i++)
        {
            if (char.IsControl(query[i]))
            {
                return $"{field} holds a control character (U+{((int)query[i]).ToString("X4", CultureInfo.InvariantCulture)}) at position {i}; send plain text.";
            }
        }

        return null;
    }
}
