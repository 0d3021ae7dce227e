using System.Text.Json.Nodes;
using EcommerceMl.Contracts.Monitoring;
using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Status;
using EcommerceMl.Operator.Tests.Support;
using k8s;

namespace EcommerceMl.Operator.Tests.Status;

public sealed class ModelStatusCalculatorTests
{
    [Fact]
    public void Observe_WhenAReportHadNoLiveRowsToScore_LeavesTheScoreOut_AndTheStatusIsValidJson()
    {
        // A window with no rows since the version's data end (`make run` before any traffic) scores NaN; a status
        // carrying NaN could not be written, and the Model's reconcile failed at every retry.
        var manifest = ModelFixtures.Manifest();
        var report = ModelFixtures.Report(manifest.Version, ModelFixtures.Created.AddHours(1));
        var empty = report.Drift!.Features.Select(f => f with { Score = double.NaN, CurrentCount = 0, Sufficient = false, Drifted = false }).ToList();
        report = report with
        {
            Drift = new DriftResult(false, 0, empty),
            PredictionDrift = report.PredictionDrift! with { Score = double.NaN, CurrentCount = 0, Sufficient = false, Drifted = false },
        };

        var status = ModelStatusCalculator.Observe(new ModelObservations { Model = ModelFixtures.Model(), Servable = manifest, Report = report, Now = ModelFixtures.Created.AddHours(1) });

        var json = KubernetesJson.Serialize(status);

        var drift = JsonNode.Parse(json)!["drift"]!;
        Assert.All([.. drift["features"]!.AsArray(), drift["prediction"]], f => Assert.Equal((null, 0), (f!["score"], (int)f["currentCount"]!)));
    }
}
