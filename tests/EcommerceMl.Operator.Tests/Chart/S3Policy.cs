using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace EcommerceMl.Operator.Tests.Chart;

/// <summary>What an IAM policy decides for one request.</summary>
public enum S3Decision
{
    /// <summary>No statement matched: denied by default.</summary>
    ImplicitDeny,
    Allow,
    /// <summary>A Deny statement matched: denied whatever else allows it.</summary>
    ExplicitDeny,
}

/// <summary>
/// A small evaluator of the AWS IAM policy language as S3 and MinIO apply it to one identity: an
/// explicit Deny wins, else any Allow, else the request is denied. Action and Resource patterns use
/// IAM's wildcards (<c>*</c> any run of characters, <c>?</c> one), actions case-insensitively.
/// It refuses what it does not evaluate (NotAction, NotResource, Condition, Principal) rather than
/// guess, so a test can only pass on a policy it fully understood.
/// </summary>
internal sealed class S3Policy
{
    private sealed record Statement(bool Deny, IReadOnlyList<Regex> Actions, IReadOnlyList<Regex> Resources);

    private readonly IReadOnlyList<Statement> _statements;

    private S3Policy(IReadOnlyList<Statement> statements) => _statements = statements;

    public static S3Policy Parse(string json)
    {
        var root = JsonNode.Parse(json) as JsonObject ?? throw new FormatException("a policy is a JSON object");
        if ((string?)root["Version"] != "2012-10-17")
        {
            throw new FormatException($"Version is '{root["Version"]}': expected 2012-10-17 (older versions do not expand policy variables)");
        }

        var statements = root["Statement"] switch
        {
            JsonArray array => array.Select(s => s as JsonObject ?? throw new FormatException("a statement is a JSON object")).ToList(),
            JsonObject single => [single],
            _ => throw new FormatException("Statement is missing"),
        };
        return new S3Policy([.. statements.Select(ParseStatement)]);
    }

    private static Statement ParseStatement(JsonObject statement, int index)
    {
        foreach (var unsupported in new[] { "NotAction", "NotResource", "Condition", "Principal", "NotPrincipal" })
        {
            if (statement.ContainsKey(unsupported))
            {
                throw new FormatException($"statement {index}: {unsupported} is not evaluated by this checker");
            }
        }

        var deny = (string?)statement["Effect"] switch
        {
            "Allow" => false,
            "Deny" => true,
            var other => throw new FormatException($"statement {index}: Effect is '{other}', expected Allow or Deny"),
        };
        return new Statement(deny,
            [.. Strings(statement["Action"], index, "Action").Select(a => Glob(a, ignoreCase: true))],
            [.. Strings(statement["Resource"], index, "Resource").Select(r => Glob(r, ignoreCase: false))]);
    }

    private static IReadOnlyList<string> Strings(JsonNode? node, int index, string field) => node switch
    {
        JsonValue value when value.TryGetValue<string>(out var one) => [one],
        JsonArray { Count: > 0 } array => [.. array.Select(v => (string?)v ?? throw new FormatException($"statement {index}: {field} holds a non-string"))],
        _ => throw new FormatException($"statement {index}: {field} is missing or empty"),
    };

    private static Regex Glob(string pattern, bool ignoreCase) =>
        new("^" + Regex.Escape(pattern).Replace(@"\*", ".*", StringComparison.Ordinal).Replace(@"\?", ".", StringComparison.Ordinal) + "$",
            RegexOptions.CultureInvariant | RegexOptions.Singleline | (ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None));

    /// <summary>The decision for <paramref name="action"/> (e.g. <c>s3:GetObject</c>) on <paramref name="resource"/> (an ARN).</summary>
    public S3Decision Evaluate(string action, string resource)
    {
        var matching = _statements.Where(s => s.Actions.Any(a => a.IsMatch(action)) && s.Resources.Any(r => r.IsMatch(resource))).ToList();
        return matching.Any(s => s.Deny) ? S3Decision.ExplicitDeny
            : matching.Count > 0 ? S3Decision.Allow
            : S3Decision.ImplicitDeny;
    }

    public bool Allows(string action, string resource) => Evaluate(action, resource) == S3Decision.Allow;
}
