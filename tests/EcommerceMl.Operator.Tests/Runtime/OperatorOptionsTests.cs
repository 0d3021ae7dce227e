using EcommerceMl.Operator.Hosting;

namespace EcommerceMl.Operator.Tests.Runtime;

public sealed class OperatorOptionsTests
{
    private static readonly Dictionary<string, string> Complete = new(StringComparer.Ordinal)
    {
        ["ECML_TRAINER_IMAGE"] = "trainer:1",
        ["ECML_INFERENCE_IMAGE"] = "inference:1",
        ["ECML_STORE"] = "s3://models",
        ["POD_NAMESPACE"] = "ml",
        ["POD_NAME"] = "operator-0",
    };

    [Fact]
    public void FromEnvironment_ReadsTheSettings_WithDefaultsForTheOptionalOnes()
    {
        var options = OperatorOptions.FromEnvironment(Complete.GetValueOrDefault);

        Assert.Equal(("trainer:1", "s3://models"), (options.Workload.TrainerImage, options.Workload.Store));
        Assert.Null(options.WatchNamespace);
        Assert.Equal(("ml", "operator-0", 4, 8080), (options.LeaseNamespace, options.Identity, options.Workers, options.MetricsPort));
    }

    [Fact]
    public void FromEnvironment_ReadsHowOftenModelDeploymentsPollTheStoreAndRollouts()
    {
        var environment = new Dictionary<string, string>(Complete, StringComparer.Ordinal) { ["ECML_STORE_POLL_SECONDS"] = "300", ["ECML_ROLLOUT_POLL_SECONDS"] = "5" };

        var options = OperatorOptions.FromEnvironment(environment.GetValueOrDefault);

        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5)), (options.Rollout.StorePollInterval, options.Rollout.ProgressInterval));
        Assert.Equal(TimeSpan.FromSeconds(60), OperatorOptions.FromEnvironment(Complete.GetValueOrDefault).Rollout.StorePollInterval);
    }

    [Theory]
    [InlineData("ECML_STORE", null, "ECML_STORE is not set")]
    [InlineData("ECML_STORE_POLL_SECONDS", "soon", "ECML_STORE_POLL_SECONDS is 'soon'")]
    [InlineData("ECML_WORKERS", "many", "ECML_WORKERS is 'many'")]
    public void FromEnvironment_WhenASettingIsMissingOrWrong_SaysWhich(string name, string? value, string expected)
    {
        var environment = new Dictionary<string, string>(Complete, StringComparer.Ordinal);
        environment.Remove(name);
        if (value is not null)
        {
            environment[name] = value;
        }

        var e = Assert.Throws<OperatorConfigurationException>(() => OperatorOptions.FromEnvironment(environment.GetValueOrDefault));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }
}
