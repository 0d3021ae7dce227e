using System.Text.RegularExpressions;

namespace EcommerceMl.Contracts;

/// <summary>
/// Names that become path segments in a store. Model names are DNS-1123 labels (they are also
/// Kubernetes resource names); file names are single safe segments. Validating them before any
/// path or key is built is what makes traversal such as <c>../x</c> impossible in both stores.
/// </summary>
public static partial class ModelNames
{
    /// <summary>The longest DNS-1123 label Kubernetes accepts.</summary>
    public const int MaxModelNameLength = 63;

    public const int MaxFileNameLength = 128;

    /// <summary>A DNS-1123 label (without the length limit, which <see cref="MaxModelNameLength"/> sets).</summary>
    public const string ModelNamePattern = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?$";

    public static bool IsValidModelName(string? name) =>
        name is { Length: > 0 and <= MaxModelNameLength } && Dns1123Label().IsMatch(name);

    /// <summary>Throws <see cref="ArgumentException"/> saying what a model name must look like.</summary>
    public static string ValidateModelName(string? name, string paramName = "model")
    {
        if (!IsValidModelName(name))
        {
            throw new ArgumentException(
                $"Model name '{name}' is invalid: it must be a DNS-1123 label (1-{MaxModelNameLength} characters of a-z, 0-9 and '-', starting and ending with a letter or digit), e.g. 'shop-recs'.",
                paramName);
        }

        return name!;
    }

    public static bool IsValidFileName(string? name) =>
        name is { Length: > 0 and <= MaxFileNameLength }
        && SafeFileName().IsMatch(name)
        && !string.Equals(name, ModelManifest.FileName, StringComparison.OrdinalIgnoreCase);

    /// <summary>Throws <see cref="ArgumentException"/> saying what a model file name must look like.</summary>
    public static string ValidateFileName(string? name, string paramName = "files")
    {
        if (!IsValidFileName(name))
        {
            throw new ArgumentException(
                $"Model file name '{name}' is invalid: it must be one path segment of 1-{MaxFileNameLength} characters of A-Z, a-z, 0-9, '.', '_' and '-', starting with a letter or digit, and not '{ModelManifest.FileName}' (the store writes that itself).",
                paramName);
        }

        return name!;
    }

    [GeneratedRegex(ModelNamePattern, RegexOptions.CultureInvariant)]
    private static partial Regex Dns1123Label();

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9._-]*$", RegexOptions.CultureInvariant)]
    private static partial Regex SafeFileName();
}
