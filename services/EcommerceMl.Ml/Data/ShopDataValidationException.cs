using System.Text;

namespace EcommerceMl.Ml.Data;

/// <summary>
/// Shop data failed validation. <see cref="Errors"/> holds every problem found; the message lists
/// the first <see cref="MaxListedInMessage"/> and the total, so a log line is enough to fix the file.
/// </summary>
public sealed class ShopDataValidationException : Exception
{
    public const int MaxListedInMessage = 50;

    public ShopDataValidationException(string source, IReadOnlyList<ShopDataError> errors)
        : base(Describe(source, errors))
    {
        Errors = errors;
    }

    public ShopDataValidationException()
        : this("shop data", [])
    {
    }

    public ShopDataValidationException(string message)
        : base(message)
    {
        Errors = [];
    }

    public ShopDataValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [];
    }

    public IReadOnlyList<ShopDataError> Errors { get; }

    private static string Describe(string source, IReadOnlyList<ShopDataError> errors)
    {
        var text = new StringBuilder();
        text.Append(source).Append(" is invalid: ").Append(errors.Count).Append(errors.Count == 1 ? " problem" : " problems");
        for (var i = 0; i < errors.Count && i < MaxListedInMessage; i++)
        {
            text.AppendLine().Append("  ").Append(errors[i]);
        }

        if (errors.Count > MaxListedInMessage)
        {
            text.AppendLine().Append("  … and ").Append(errors.Count - MaxListedInMessage).Append(" more (").Append(errors.Count).Append(" in total)");
        }

        return text.ToString();
    }
}
