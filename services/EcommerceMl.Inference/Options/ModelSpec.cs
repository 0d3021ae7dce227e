using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace EcommerceMl.Inference.Options;

/// <summary>One model to serve: its name and, when pinned, its version (null means the latest).</summary>
public sealed partial record ModelSpec(string Name, string? Version)
{
    public override string ToString() => InferenceConfiguration.ModelEntry(Name, Version);

    /// <summary>Parses <c>name</c> or <c>name@version</c>; the name is a DNS-1123 label like a TrainingJob's <c>spec.model</c>.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out ModelSpec? spec, [NotNullWhen(false)] out string? error)
    {
        spec = null;
        var trimmed = text?.Trim() ?? "";
        var at = trimmed.IndexOf(InferenceConfiguration.VersionSeparator, StringComparison.Ordinal);
        var name = at < 0 ? trimmed : trimmed[..at];
        var version = at < 0 ? null : trimmed[(at + 1)..];
        if (!ModelNames.IsValidModelName(name))
        {
            error = $"'{text}' is not a model name: use lower-case letters, digits and '-', at most 63 characters, optionally followed by @version.";
            return false;
        }

        if (version is not null && (version.Length == 0 || !VersionPattern().IsMatch(version)))
        {
            error = $"'{text}' has an invalid version after '@': use letters, digits, '.', '_' or '-' (or 'latest').";
            return false;
        }

        spec = new ModelSpec(name, ModelVersions.IsLatest(version) ? null : version);
        error = null;
        return true;
    }

    [GeneratedRegex("^[A-Za-z0-9._-]{1,128}$")]
    private static partial Regex VersionPattern();
}
