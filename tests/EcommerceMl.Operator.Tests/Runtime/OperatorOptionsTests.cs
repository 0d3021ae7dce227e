using EcommerceMl.Operator.Hosting;
using Microsoft.Extensions.Configuration;

namespace EcommerceMl.Operator.Tests.Runtime;

public sealed class OperatorOptionsTests
{
    private static readonly Dictionary<string, string?> Complete = new(StringComparer.Ordinal)
    {
        ["ECML_TRAINER_IMAGE"] = "trainer:1",
        ["ECML_INFERENCE_IMAGE"] = "inference:1",
        ["ECML_STORE"] = "s3://models",
        ["POD_NAMESPACE"] = "ml",
        ["POD_NAME"] = "operator-0",
    };

    private static OperatorOptions Load(IDictionary<string, string?> environment) =>
        OperatorOptions.Load(new ConfigurationBuilder().AddInMemoryCollection(environment).Build());

    private static Dictionary<string, string?> With(string name, string? value)
    {
        var environment = new Dictionary<string, string?>(Complete, StringComparer.Ordinal);
        environment.Remove(name);
        if (value is not null)
        {
            environment[name] = value;
        }

        return environment;
    }

    [Fact]
    public void Load_ReadsTheSettings_WithDefaultsForTheOptionalOnes()
    {
        var options = Load(Complete);

        Assert.Equal(("trainer:1", "inference:1", "s3://models"), (options.Workload.TrainerImage, options.Workload.InferenceImage, options.Workload.Store));
        Assert.Null(options.WatchNamespace);
        Assert.Null(options.Workload.CredentialsSecretName);
        Assert.Equal(("ml", "operator-0", 4, 8080), (options.LeaseNamespace, options.Identity, options.Workers, options.MetricsPort));
    }

    [Fact]
    public void Load_AnEmptyWatchNamespace_WatchesAll()
    {
        Assert.Null(Load(With("ECML_WATCH_NAMESPACE", "")).WatchNamespace);
        Assert.Equal("shop", Load(With("ECML_WATCH_NAMESPACE", "shop")).WatchNamespace);
    }

    [Fact]
    public void Load_ReadsHowOftenModelDeploymentsPollTheStoreAndRollouts()
    {
        var environment = new Dictionary<string, string?>(Complete, StringComparer.Ordinal) { ["ECML_STORE_POLL_SECONDS"] = "300", ["ECML_ROLLOUT_POLL_SECONDS"] = "5" };

        var options = Load(environment);

        Assert.Equal((TimeSpan.FromMinutes(5), TimeSpan.FromSeconds(5)), (options.Rollout.StorePollInterval, options.Rollout.ProgressInterval));
        Assert.Equal(TimeSpan.FromSeconds(60), Load(Complete).Rollout.StorePollInterval);
    }

    [Fact]
    public void Load_WithoutAPrometheusUrl_LeavesTheAnalysisScraping_AndWithOneReadsItsCredentials()
    {
        Assert.Null(Load(Complete).Prometheus);
        Assert.Null(Load(With("ECML_PROMETHEUS_URL", "")).Prometheus);

        var environment = new Dictionary<string, string?>(Complete, StringComparer.Ordinal)
        {
            ["ECML_PROMETHEUS_URL"] = "https://thanos.monitoring.svc:9091/prometheus", ["ECML_PROMETHEUS_USERNAME"] = "ecml", ["ECML_PROMETHEUS_PASSWORD"] = "s3cret",
        };
        var prometheus = Load(environment).Prometheus!;

        Assert.Equal((new Uri("https://thanos.monitoring.svc:9091/prometheus"), null, "ecml", "s3cret"), (prometheus.Url, prometheus.BearerToken, prometheus.Username, prometheus.Password));
    }

    [Theory]
    [InlineData("ECML_PROMETHEUS_URL", "prometheus:9090", null, null, "ECML_PROMETHEUS_URL must be Prometheus's address")]
    [InlineData("ECML_PROMETHEUS_URL", "http://prometheus:9090/?x=1", null, null, "ECML_PROMETHEUS_URL must be Prometheus's address")]
    [InlineData("ECML_PROMETHEUS_URL", "http://admin:secret@prometheus:9090", null, null, "without credentials")]
    [InlineData("ECML_PROMETHEUS_BEARER_TOKEN", "t", null, null, "ECML_PROMETHEUS_URL is not set, but Prometheus credentials are")]
    [InlineData("ECML_PROMETHEUS_URL", "http://prometheus:9090", "ECML_PROMETHEUS_PASSWORD", "p", "ECML_PROMETHEUS_PASSWORD is set without ECML_PROMETHEUS_USERNAME")]
    public void Load_WhenThePrometheusSettingsAreWrong_FailsNamingTheVariable(string name, string value, string? other, string? otherValue, string expected)
    {
        var environment = With(name, value);
        if (other is not null)
        {
            environment[other] = otherValue;
        }

        var e = Assert.Throws<OperatorConfigurationException>(() => Load(environment));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithBothABearerTokenAndBasicAuth_RefusesTheAmbiguity()
    {
        var environment = new Dictionary<string, string?>(Complete, StringComparer.Ordinal)
        {
            ["ECML_PROMETHEUS_URL"] = "http://prometheus:9090", ["ECML_PROMETHEUS_BEARER_TOKEN"] = "t", ["ECML_PROMETHEUS_USERNAME"] = "u",
        };

        var e = Assert.Throws<OperatorConfigurationException>(() => Load(environment));

        Assert.Contains("ECML_PROMETHEUS_BEARER_TOKEN and ECML_PROMETHEUS_USERNAME are both set", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ECML_STORE", null, "ECML_STORE is not set")]
    [InlineData("ECML_STORE", "", "ECML_STORE is not set")]
    [InlineData("ECML_STORE", "models", "ECML_STORE must be s3://bucket[/prefix]")]
    [InlineData("ECML_TRAINER_IMAGE", null, "ECML_TRAINER_IMAGE is not set")]
    [InlineData("POD_NAMESPACE", null, "POD_NAMESPACE is not set")]
    [InlineData("ECML_WATCH_NAMESPACE", "Shop_A", "ECML_WATCH_NAMESPACE must be a namespace name")]
    [InlineData("ECML_CREDENTIALS_SECRET", "S3 creds", "ECML_CREDENTIALS_SECRET must be a Secret name")]
    [InlineData("ECML_WORKERS", "0", "ECML_WORKERS must be a whole number from 1 to 256")]
    [InlineData("ECML_METRICS_PORT", "70000", "ECML_METRICS_PORT must be a TCP port")]
    [InlineData("ECML_STORE_POLL_SECONDS", "soon", "'ECML_STORE_POLL_SECONDS'")]
    [InlineData("ECML_WORKERS", "many", "'ECML_WORKERS'")]
    public void Load_WhenASettingIsMissingOrWrong_FailsWithAMessageNamingIt(string name, string? value, string expected)
    {
        var e = Assert.Throws<OperatorConfigurationException>(() => Load(With(name, value)));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WithSeveralProblems_NamesEachOnItsOwnLine()
    {
        var environment = With("ECML_STORE", null);
        environment.Remove("ECML_INFERENCE_IMAGE");

        var e = Assert.Throws<OperatorConfigurationException>(() => Load(environment));

        var lines = e.Message.Split(Environment.NewLine);
        Assert.Equal(2, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("ECML_STORE is not set", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("ECML_INFERENCE_IMAGE is not set", StringComparison.Ordinal));
    }
}
