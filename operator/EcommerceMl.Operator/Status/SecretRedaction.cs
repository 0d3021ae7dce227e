using System.Text.RegularExpressions;

namespace EcommerceMl.Operator.Status;

/// <summary>
/// Text the operator copies from a Pod (a trainer's termination message) goes into status.message
/// and Events, which anyone with the <c>view</c> role reads. The operator may not read Secrets, so
/// it cannot know their values: it replaces what looks like one with <c>***</c> — passwords in URLs
/// and in <c>key=value</c> pairs whose key names a secret, Authorization header values, private-key
/// blocks, the token formats of the usual providers, and long random-looking words.
/// </summary>
public static partial class SecretRedaction
{
    public const string Mask = "***";

    /// <summary>The text with everything that looks like a secret replaced by <see cref="Mask"/>; null stays null.</summary>
    public static string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        text = PrivateKeyBlock().Replace(text, "-----BEGIN PRIVATE KEY----- " + Mask);
        text = UrlPassword().Replace(text, "${prefix}" + Mask + "@");
        text = SecretAssignment().Replace(text, "${prefix}" + Mask);
        text = AuthorizationValue().Replace(text, "${scheme} " + Mask);
        text = KnownTokenFormat().Replace(text, Mask);
        return RandomLookingWord().Replace(text, m => LooksRandom(m.Value) ? Mask : m.Value);
    }

    /// <summary>Upper case, lower case and digits together in one long word: how generated keys look, and words seldom do.</summary>
    private static bool LooksRandom(string word) =>
        word.Any(char.IsAsciiLetterUpper) && word.Any(char.IsAsciiLetterLower) && word.Any(char.IsAsciiDigit);

    /// <summary>A PEM private key, to its END line or the end of the text (a truncated message).</summary>
    [GeneratedRegex(@"-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?(?:-----END [A-Z ]*PRIVATE KEY-----|\z)", RegexOptions.CultureInvariant)]
    private static partial Regex PrivateKeyBlock();

    /// <summary>scheme://user:PASSWORD@host — the password up to the last @ before the host.</summary>
    [GeneratedRegex(@"(?<prefix>\b[a-z][a-z0-9+.-]*://[^\s:/?#@'""]*:)[^\s/?#'""]+@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UrlPassword();

    /// <summary>
    /// <c>password=…</c>, <c>Password: …</c>, <c>"api_key": "…"</c>, <c>?token=…</c>, <c>AWS_SECRET_ACCESS_KEY=…</c>:
    /// a key naming a secret, then = or :, then the value up to a space, quote or separator.
    /// </summary>
    [GeneratedRegex(
        @"(?<prefix>\b[\w.-]*(?:password|passwd|pwd|secret|token|api[_-]?key|access[_-]?key|private[_-]?key)[\w.-]*[""']?\s*[:=]\s*[""']?)(?!\*\*\*)[^\s""'&;,]+",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SecretAssignment();

    /// <summary>The credential after an Authorization scheme: <c>Bearer …</c>, <c>Basic …</c>.</summary>
    [GeneratedRegex(@"\b(?<scheme>Bearer|Basic)\s+(?!\*\*\*)[A-Za-z0-9._~+/=-]{8,}", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AuthorizationValue();

    /// <summary>
    /// Keys with a provider's prefix: Stripe (sk_live_…, rk_test_…), AWS access key ids, GitHub,
    /// GitLab and Slack tokens, Google API keys, JSON Web Tokens.
    /// </summary>
    [GeneratedRegex(
        @"\b(?:(?:sk|rk|pk)_(?:live|test)_[0-9A-Za-z]{8,}|(?:AKIA|ASIA)[0-9A-Z]{16}|gh[pousr]_[0-9A-Za-z]{20,}|github_pat_[0-9A-Za-z_]{20,}|glpat-[0-9A-Za-z_-]{20,}|xox[abprs]-[0-9A-Za-z-]{10,}|AIza[0-9A-Za-z_-]{35}|eyJ[0-9A-Za-z_-]+\.eyJ[0-9A-Za-z_-]+\.[0-9A-Za-z_-]*)",
        RegexOptions.CultureInvariant)]
    private static partial Regex KnownTokenFormat();

    /// <summary>Candidates for <see cref="LooksRandom"/>: words of 32 or more key characters (no '/' or '.', so paths and names stay).</summary>
    [GeneratedRegex(@"(?<![0-9A-Za-z_+=-])[0-9A-Za-z_+=-]{32,}(?![0-9A-Za-z_+=-])", RegexOptions.CultureInvariant)]
    private static partial Regex RandomLookingWord();
}
