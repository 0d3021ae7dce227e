using System.Globalization;

namespace EcommerceMl.Operator.Tests.Retention;

/// <summary>Manifests of one model at chosen times, as retention sees them.</summary>
internal static class RetentionFixtures
{
    public const string ModelName = "shop-recs";

    public static readonly DateTimeOffset Now = new(2026, 12, 6, 3, 0, 0, TimeSpan.Zero);

    /// <summary>The version id of a version created <paramref name="daysAgo"/> days (and <paramref name="secondsAgo"/> seconds) before <see cref="Now"/>.</summary>
    public static string VersionAt(double daysAgo, int secondsAgo = 0, string suffix = "0a0b0c") =>
        (Now - TimeSpan.FromDays(daysAgo) - TimeSpan.FromSeconds(secondsAgo)).UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture) + "-" + suffix;

    public static ModelManifest Manifest(string version, bool gatePassed = true, bool championPassed = true) => new()
    {
        Model = ModelName,
        Version = version,
        Task = "recommendation",
        Algorithm = "item-cosine",
        CreatedAt = ModelVersions.TryGetTimestamp(version)!.Value,
        Data = new DataFingerprint("synthetic", new string('0', 64), new Dictionary<string, long>(), null, null),
        Metrics = new Dictionary<string, double> { ["ndcg_at_10"] = 0.2 },
        Gate = new GateResult("ndcg_at_10", GateResult.Minimum, 0.1, gatePassed ? 0.2 : 0.05, gatePassed),
        Champion = championPassed ? null : new ChampionComparison("20260101T000000Z-000000", "ndcg_at_10", GateResult.Minimum, 0.3, 0.2, 0.01, Passed: false),
        Files = new Dictionary<string, string>(),
    };

    /// <summary>Servable versions created the given numbers of days ago, oldest first.</summary>
    public static List<ModelManifest> DaysAgo(params double[] days) =>
        [.. days.OrderDescending().Select(d => Manifest(VersionAt(d)))];

    public static IReadOnlyDictionary<string, string> NoneInUse { get; } = new Dictionary<string, string>();
}
