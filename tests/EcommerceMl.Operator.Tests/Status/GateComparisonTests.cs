using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Status;

namespace EcommerceMl.Operator.Tests.Status;

public sealed class GateComparisonTests
{
    private static ModelManifest Manifest(string version, double auc, ChampionComparison? champion = null) => new()
    {
        Model = "shop-churn", Version = version, Task = "churn", Algorithm = "logistic", CreatedAt = DateTimeOffset.UnixEpoch,
        Data = new DataFingerprint("synthetic", "", new Dictionary<string, long>(), null, null),
        Metrics = new Dictionary<string, double> { ["auc"] = auc },
        Gate = new GateResult("auc", GateResult.Minimum, 0.6, auc, true),
        Champion = champion,
        Files = new Dictionary<string, string>(),
    };

    private static ChampionComparison Against(string version, double? championValue, double challengerValue, bool passed, string? note = null) =>
        new(version, "auc", GateResult.Minimum, championValue, challengerValue, 0.02, passed, note);

    [Theory]
    [InlineData(false, true)]
    [InlineData(true, false)]
    public void WhenTheCandidateWasScoredAgainstTheServingVersion_ThatSameWindowVerdictDecides(bool passed, bool worse)
    {
        // Recorded metrics say the candidate is better (0.90 against 0.80); the same-window comparison decides.
        var candidate = Manifest("v2", 0.90, Against("v1", 0.85, 0.81, passed));

        var because = GateComparison.WorseBecause("v1", candidate);

        Assert.Equal(worse, because is not null);
        Assert.True(because is null || because.Contains("lost to the serving version on the same held-out window", StringComparison.Ordinal), because);
    }

    [Fact]
    public void ALowerRecordedMetric_FromTheCandidatesOwnWindow_IsNotJudgedAgain()
    {
        // make run's churn: 0.795 on the candidate's window against the serving version's 0.846 on its own window.
        Assert.Null(GateComparison.WorseBecause("v1", Manifest("v2", 0.795)));
    }

    [Fact]
    public void ACandidateTheTrainerCouldNotCompareWithTheServingVersion_IsNotWorse()
    {
        var candidate = Manifest("v2", 0.795, Against("v1", null, 0.795, passed: true, "the held-out customers are labelled over the whole window"));

        Assert.Null(GateComparison.WorseBecause("v1", candidate));
    }

    [Fact]
    public void AVerdictAgainstAnotherVersion_SaysNothingOfTheServingOne()
    {
        // It lost to v2, which is not what serves: the comparison with v1 was never made on one window.
        var candidate = Manifest("v3", 0.70, Against("v2", 0.85, 0.70, passed: false));

        Assert.Null(GateComparison.WorseBecause("v1", candidate));
    }

    [Fact]
    public void WithoutAServingVersion_NothingIsCompared()
    {
        Assert.Null(GateComparison.WorseBecause(null, Manifest("v2", 0.70, Against("v1", 0.85, 0.70, passed: false))));
    }
}
