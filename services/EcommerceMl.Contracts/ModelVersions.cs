using System.Globalization;
using System.Security.Cryptography;
using System.Text.RegularExpressions;

namespace EcommerceMl.Contracts;

/// <summary>
/// Version ids such as <c>20261123T014200Z-1a2b3c</c>: the UTC second of creation, then 6 random
/// hex digits. Plain ordinal string order is time order, and trainers on different machines need
/// no coordination to pick one. The suffix is cryptographically random, not seeded, because two
/// trainers started with the same seed must still get distinct ids.
/// </summary>
public static partial class ModelVersions
{
    /// <summary>The alias readers use for the servable latest version (<see cref="ServableLatest"/>).</summary>
    public const string Latest = "latest";

    /// <summary>A version id, unanchored, for patterns that embed it (the ModelDeployment schema's <c>spec.version</c>).</summary>
    public const string PatternBody = "[0-9]{8}T[0-9]{6}Z-[0-9a-f]{6}";

    private const string TimestampFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <summary>Sorts version ids oldest first; ids are ASCII, so ordinal order is time order.</summary>
    public static StringComparer Comparer => StringComparer.Ordinal;

    public static string NewVersion(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        var timestamp = timeProvider.GetUtcNow().UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture);
        var suffix = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(3));
        return $"{timestamp}-{suffix}";
    }

    /// <summary>The UTC second a version id was created at, or null when it is not a version id.</summary>
    public static DateTimeOffset? TryGetTimestamp(string? version)
    {
        if (version is null || !VersionPattern().IsMatch(version))
        {
            return null;
        }

        return DateTimeOffset.TryParseExact(
            version[..16], TimestampFormat, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at)
            ? at
            : null;
    }

    public static bool IsValid(string? version) => TryGetTimestamp(version) is not null;

    /// <summary>Throws <see cref="ArgumentException"/> saying what a version id must look like.</summary>
    public static string Validate(string? version, string paramName = "version")
    {
        if (!IsValid(version))
        {
            throw new ArgumentException(
                $"Model version '{version}' is invalid: expected a UTC timestamp and 6 lower-case hex digits such as '20261123T014200Z-1a2b3c', or '{Latest}'.",
                paramName);
        }

        return version!;
    }

    /// <summary>True for null or <c>latest</c>, the two ways of asking for the newest version.</summary>
    public static bool IsLatest(string? version) =>
        version is null || string.Equals(version, Latest, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether a version may be served as <c>latest</c>: every version may, except one whose quality gate
    /// failed or that lost to the champion. Such a version is published so it can be inspected, and can
    /// still be pinned by its id.
    /// </summary>
    public static bool IsServable(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return manifest.Gate?.Passed != false && manifest.Champion?.Passed != false;
    }

    /// <summary>Why a version is not servable as <c>latest</c> (its gate or the champion comparison, described), or null when it is.</summary>
    public static string? WhyNotServable(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        if (manifest.Gate?.Passed == false)
        {
            return $"its quality gate failed ({manifest.Gate.Describe()})";
        }

        return manifest.Champion?.Passed == false ? $"it lost to the champion ({manifest.Champion.Describe()})" : null;
    }

    /// <summary>
    /// What <c>latest</c> means everywhere (operator, inference server, <c>ecml models</c>, <c>ecml predict batch</c>):
    /// the newest servable version of <paramref name="versions"/>, in any order; null when none is.
    /// </summary>
    public static ModelManifest? ServableLatest(IEnumerable<ModelManifest> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        return versions.Where(IsServable).MaxBy(m => m.Version, Comparer);
    }

    [GeneratedRegex("^" + PatternBody + "$", RegexOptions.CultureInvariant)]
    private static partial Regex VersionPattern();
}
