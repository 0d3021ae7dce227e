namespace EcommerceMl.Artifacts.Tests.Support;

internal static class TestManifests
{
    public static ModelManifest Create(string model, string version, DateTimeOffset createdAt) => new()
    {
        Model = model,
        Version = version,
        Task = "recommendation",
        Algorithm = "ease",
        Hyperparameters = new Dictionary<string, string> { ["lambda"] = "500" },
        CreatedAt = createdAt,
        TrainingJob = "shop/recs-nightly",
        Data = new DataFingerprint(
            "synthetic:seed=42",
            ModelIntegrity.Sha256Hex("orders"u8),
            new Dictionary<string, long> { ["orders"] = 1200, ["events"] = 9000 },
            new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            new DateTime(2026, 10, 31, 0, 0, 0, DateTimeKind.Utc)),
        Metrics = new Dictionary<string, double> { ["ndcg_at_10"] = 0.31, ["precision_at_10"] = 0.12 },
        FeatureProfile = new Dictionary<string, FeatureProfile>
        {
            ["basket_size"] = FeatureProfiles.FromSamples([1, 2, 2, 3, 5, 8, 13], bins: 4),
            ["channel"] = FeatureProfiles.FromCategories(["web", "app", "web"]),
        },
        Files = new Dictionary<string, string>(),
    };

    public static Dictionary<string, byte[]> Files(string seed) => new()
    {
        ["model.bin"] = System.Text.Encoding.UTF8.GetBytes($"weights of {seed}"),
        ["items.json"] = System.Text.Encoding.UTF8.GetBytes($"[\"{seed}-a\",\"{seed}-b\"]"),
    };
}
