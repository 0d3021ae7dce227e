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

    [Theory]
    [InlineData("ECML_STORE", null, "ECML_STORE is not set")]
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
