using System.Text.Json.Nodes;
using EcommerceMl.Operator.Tests.Support;

namespace EcommerceMl.Operator.Tests.Chart;

/// <summary>The chart installs the repository's generated CRDs, unchanged (its crds/ is a link to them).</summary>
public sealed class ChartCrdsTests
{
    private static string RepoCrds => Path.Combine(RepoRoot.Find(), "crds");

    private static string[] YamlFiles(string folder) =>
        [.. Directory.EnumerateFiles(folder, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!];

    [Fact]
    public void ChartCrdsFolder_HoldsExactlyTheRepositorysCrds()
    {
        var chartCrds = Path.Combine(Helm.ChartFolder, "crds");

        Assert.Equal(YamlFiles(RepoCrds), YamlFiles(chartCrds));
        Assert.All(YamlFiles(RepoCrds), file =>
            Assert.True(File.ReadAllText(Path.Combine(RepoCrds, file)) == File.ReadAllText(Path.Combine(chartCrds, file)), $"charts/ecommerce-ml/crds/{file} differs from crds/{file}"));
    }

    [Fact]
    public async Task Template_IncludeCrds_RendersTheRepositorysCrdsUnchanged()
    {
        var manifests = await Helm.TemplateAsync();
        var rendered = manifests.OfKind("CustomResourceDefinition").OrderBy(Manifests.Name, StringComparer.Ordinal).Select(c => c.ToJsonString()).ToList();
        var committed = YamlFiles(RepoCrds)
            .SelectMany(file => YamlJson.Documents(File.ReadAllText(Path.Combine(RepoCrds, file))).OfType<JsonObject>())
            .OrderBy(Manifests.Name, StringComparer.Ordinal).Select(c => c.ToJsonString()).ToList();

        Assert.Equal(3, committed.Count);
        Assert.Equal(committed, rendered);
    }
}
