using System.Globalization;
using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Cli.Tests.Local;

/// <summary>
/// A canary's promotion in local mode, end to end: `ecml up --listen` serves a ModelDeployment whose pinned version
/// moves to a candidate rolled out as a canary (no analysis: promoted once ready). After the promotion the canary's
/// process keeps serving the promoted version until the stable Deployment's processes have rolled over to it; then it
/// is stopped (Event PromotionFinished). Shoppers sent through the gateway the whole time see no error.
/// </summary>
public sealed class CanaryPromotionLocalTests : IDisposable
{
    private const string Model = LocalCanaryMode.Model;
    private readonly LocalCanaryMode _local = new("ecml-promotion-");

    public void Dispose() => _local.Dispose();

    private static string Canary(string version) => $"""
        apiVersion: ml.ecommerce.dev/v1alpha1
        kind: ModelDeployment
        metadata:
          name: {Model}
        spec:
          model: {Model}
          version: {version}
          replicas: 2
          rollout:
            strategy: Canary
            canaryTrafficPercent: 50
            analysisSeconds: 120
        """;

    private static string? Text(System.Text.Json.Nodes.JsonNode? node) => LocalCanaryMode.Text(node);

    private static bool HasCanary(System.Text.Json.Nodes.JsonNode state) =>
        state["deployments"]?.AsArray().Any(d => Text(d?["metadata"]?["name"]) == "recs-predictor-canary") == true;

    [Fact]
    public async Task APromotedCanary_ServesUntilTheStableProcessesHaveRolledOver_ThenGoes_AndNoShopperSeesAnError()
    {
        ShopCsvWriter.Write(SyntheticShop.Generate(new SyntheticShopOptions { Customers = 300, Products = 60, Categories = 6, Days = 200, Seed = 3 }), _local.ShopFolder);
        var v1 = await _local.TrainAsync("--algorithm", "item-cosine");
        var v2 = await _local.TrainAsync("--algorithm", "item-cosine");
        var (url, output, stop) = await _local.UpAsync(Canary(v1));
        try
        {
            var traffic = Task.Run(() => Ecml.RunAsync("simulate", "--url", url, "--shop", _local.ShopFolder, "--model", Model,
                "--rate", 30.ToString(CultureInfo.InvariantCulture), "--duration", "30s", "--seed", "5"));
            await _local.MoveToAsync(Canary(v2));
            await LocalProcesses.EventuallyAsync(
                () => Task.FromResult(output.ToString()),
                text => text.Contains("PromotionFinished", StringComparison.Ordinal),
                LocalCanaryMode.Bound,
                text => $"{v2}'s promotion never finished: {_local.Deployment()?["status"]?.ToJsonString()}\n{text}");

            var log = output.ToString();
            Assert.Matches(@"Normal\s+PromotionFinished\s+modeldeployment/recs: recs-predictor serves \S+ on every replica: removed recs-predictor-canary", log);
            Assert.True(log.IndexOf("Promoted", StringComparison.Ordinal) < log.IndexOf("PromotionFinished", StringComparison.Ordinal), log);
            var settled = await LocalProcesses.EventuallyAsync(
                () => Task.FromResult(_local.Deployment()),
                md => Text(md?["status"]?["modelStatus"]?["transitionStatus"]) == "UpToDate",
                LocalCanaryMode.Bound,
                md => $"not settled: {md?["status"]?.ToJsonString()}\n{output}");
            Assert.Equal((v2, v1), (Text(settled!["status"]!["currentVersion"]), Text(settled["status"]!["previousVersion"])));
            // The status is written before the Deployments, so the canary's deletion may reach the state a moment later.
            var state = await LocalProcesses.EventuallyAsync(
                () => Task.FromResult(LocalProcesses.Snapshot(_local.State)),
                snapshot => snapshot is not null && !HasCanary(snapshot),
                LocalCanaryMode.Bound,
                snapshot => $"the promoted canary was not deleted: {snapshot?["deployments"]?.ToJsonString()}\n{output}");
            Assert.False(HasCanary(state!));

            var (exit, shopped, error) = await traffic;
            Assert.True(exit == 0, error);
            Assert.Contains("errors: none", shopped, StringComparison.Ordinal);
        }
        finally
        {
            await stop();
        }

        Assert.Empty(LocalProcesses.Mentioning(_local.Folder));
    }
}
