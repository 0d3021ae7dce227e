using System.Text.Json.Nodes;

namespace EcommerceMl.Operator.Tests.Support.ApiServer;

/// <summary>
/// Label selectors (<c>k=v</c>, <c>k==v</c>, <c>k!=v</c>, <c>k in (a,b)</c>, <c>k notin (a)</c>,
/// <c>k</c>, <c>!k</c>; comma is AND) and field selectors on <c>metadata.name</c> and
/// <c>metadata.namespace</c> (<c>=</c>, <c>==</c>, <c>!=</c>), as the API server parses them.
/// </summary>
internal sealed class Selector(IReadOnlyList<Func<JsonObject, bool>> requirements)
{
    public static Selector Everything { get; } = new([]);

    public bool Matches(JsonObject obj) => requirements.All(r => r(obj));

    public Selector And(Selector other) => new([.. requirements, .. other.Requirements]);

    private IReadOnlyList<Func<JsonObject, bool>> Requirements => requirements;

    /// <summary>Null with an error message when the selector is malformed or names an unsupported field.</summary>
    public static (Selector? Selector, string? Error) Parse(string? labelSelector, string? fieldSelector)
    {
        var list = new List<Func<JsonObject, bool>>();
        foreach (var term in SplitTerms(labelSelector))
        {
            var requirement = LabelRequirement(term);
            if (requirement is null)
            {
                return (null, $"unable to parse requirement: invalid label selector term \"{term}\"");
            }

            list.Add(requirement);
        }

        foreach (var term in SplitTerms(fieldSelector))
        {
            var negate = term.Contains("!=", StringComparison.Ordinal);
            var pair = term.Split(negate ? "!=" : term.Contains("==", StringComparison.Ordinal) ? "==" : "=", 2);
            if (pair.Length != 2 || pair[0] is not ("metadata.name" or "metadata.namespace"))
            {
                return (null, $"field label not supported: {pair[0]}");
            }

            var field = pair[0]["metadata.".Length..];
            var value = pair[1];
            list.Add(o => (o["metadata"]?[field]?.GetValue<string>() == value) != negate);
        }

        return (new Selector(list), null);
    }

    private static Func<JsonObject, bool>? LabelRequirement(string term)
    {
        static string? Label(JsonObject o, string key) => o["metadata"]?["labels"]?[key]?.GetValue<string>();
        var words = term.Split(' ', 3, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 3 && words[1] is "in" or "notin" && words[2].StartsWith('(') && words[2].EndsWith(')'))
        {
            var key = words[0];
            var values = words[2][1..^1].Split(',', StringSplitOptions.TrimEntries).ToHashSet(StringComparer.Ordinal);
            var notIn = words[1] == "notin";
            return o => Label(o, key) is { } v ? values.Contains(v) != notIn : notIn;
        }

        foreach (var op in new[] { "!=", "==", "=" })
        {
            var at = term.IndexOf(op, StringComparison.Ordinal);
            if (at > 0)
            {
                var key = term[..at].Trim();
                var value = term[(at + op.Length)..].Trim();
                return op == "!=" ? o => Label(o, key) != value : o => Label(o, key) == value;
            }
        }

        if (term.StartsWith('!'))
        {
            var key = term[1..].Trim();
            return o => Label(o, key) is null;
        }

        return term.Length > 0 && !term.Contains(' ', StringComparison.Ordinal) && !term.Contains('(', StringComparison.Ordinal) ? o => Label(o, term) is not null : null;
    }

    /// <summary>Splits on commas outside parentheses.</summary>
    private static List<string> SplitTerms(string? selector)
    {
        var terms = new List<string>();
        if (string.IsNullOrWhiteSpace(selector))
        {
            return terms;
        }

        var depth = 0;
        var start = 0;
        for (var i = 0; i <= selector.Length; i++)
        {
            if (i == selector.Length || (selector[i] == ',' && depth == 0))
            {
                terms.Add(selector[start..i].Trim());
                start = i + 1;
            }
            else if (selector[i] == '(')
            {
                depth++;
            }
            else if (selector[i] == ')')
            {
                depth--;
            }
        }

        return terms;
    }
}
