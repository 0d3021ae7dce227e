using System.Text.Json.Nodes;
using EcommerceMl.Operator.Crds;
using EcommerceMl.Operator.Local;

namespace EcommerceMl.Operator.Tests.Local;

public sealed class ResourceTableTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Render_TrainingJobs_UsesTheCrdsPrinterColumnsInKubectlsStyle()
    {
        var table = ResourceTable.Render(CustomResourceDefinitions.TrainingJob(), [TrainingJob("recs-1", "Succeeded", "20261123T114000Z-1a2b3c", "2026-11-23T11:55:00Z"), TrainingJob("recs-long-name-2", null, null, "2026-11-23T11:59:15Z")], wide: false, Now);

        Assert.Equal(
            """
            NAME               MODEL   TASK             PHASE       VERSION                   GATE   AGE
            recs-1             recs    recommendation   Succeeded   20261123T114000Z-1a2b3c          5m
            recs-long-name-2   recs    recommendation                                                45s

            """.ReplaceLineEndings("\n"), table);
    }

    [Fact]
    public void Render_Wide_AddsThePriorityOneColumns()
    {
        var header = ResourceTable.Render(CustomResourceDefinitions.TrainingJob(), [], wide: true, Now).TrimEnd();

        Assert.Equal(["NAME", "MODEL", "TASK", "ALGORITHM", "PHASE", "VERSION", "GATE", "ATTEMPTS", "MESSAGE", "AGE"], header.Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Fact]
    public void Render_ModelDeployments_ReadsReadyThroughTheConditionFilter()
    {
        var deployment = JsonNode.Parse("""
            {"metadata": {"name": "recs", "creationTimestamp": "2026-11-21T09:00:00Z"},
             "spec": {"model": "recs"},
             "status": {"currentVersion": "20261123T114000Z-1a2b3c", "endpoint": "http://127.0.0.1:41234",
                        "conditions": [{"type": "PredictorReady", "status": "False"}, {"type": "Ready", "status": "True"}]}}
            """)!;

        var lines = ResourceTable.Render(CustomResourceDefinitions.ModelDeployment(), [deployment], wide: false, Now).Split('\n');

        Assert.Equal(["recs", "recs", "20261123T114000Z-1a2b3c", "True", "http://127.0.0.1:41234", "2d3h"], lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries));
    }

    [Theory]
    [InlineData(5, "5s")]
    [InlineData(119, "119s")]
    [InlineData(200, "3m20s")]
    [InlineData(600, "10m")]
    [InlineData(3 * 3600 + 5 * 60, "3h5m")]
    [InlineData(10 * 3600, "10h")]
    [InlineData(3 * 86400 + 4 * 3600, "3d4h")]
    [InlineData(30 * 86400, "30d")]
    [InlineData(800 * 86400, "2y70d")]
    public void HumanDuration_FollowsKubectl(int seconds, string expected) =>
        Assert.Equal(expected, ResourceTable.HumanDuration(TimeSpan.FromSeconds(seconds)));

    private static JsonNode TrainingJob(string name, string? phase, string? version, string created) => new JsonObject
    {
        ["metadata"] = new JsonObject { ["name"] = name, ["creationTimestamp"] = created },
        ["spec"] = new JsonObject { ["model"] = "recs", ["task"] = "recommendation", ["algorithm"] = "popularity" },
        ["status"] = phase is null ? null : new JsonObject { ["phase"] = phase, ["modelVersion"] = version },
    };
}
