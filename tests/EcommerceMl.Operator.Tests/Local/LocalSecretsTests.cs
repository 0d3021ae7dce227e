using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;

namespace EcommerceMl.Operator.Tests.Local;

/// <summary>Local mode gives the trainer process what a Pod would read from Secrets, from the secrets file.</summary>
public sealed class LocalSecretsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-secrets-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void EnvironmentOf_APostgresTrainingJob_ReadsTheConnectionFromTheSecretsFile()
    {
        var path = Path.Combine(_folder, "secrets.yaml");
        File.WriteAllText(path, "shop-db:\n  url: postgres://trainer:s3cret@127.0.0.1:55432/shop\n");
        var trainingJob = TestResources.TrainingJob(configure: spec =>
        {
            spec.DataSource = new DataSourceSpec { Postgres = new PostgresDataSource { SecretRef = new SecretKeyReference { Name = "shop-db" } } };
            spec.Output = new OutputSpec { Store = "/models" };
        });
        var container = TrainingJobBuilder.Build(trainingJob, TestResources.Settings).Spec.Template.Spec.Containers.Single();

        var environment = LocalSecrets.Load(path, _ => null).EnvironmentOf(container);

        Assert.Equal("postgres://trainer:s3cret@127.0.0.1:55432/shop", environment[TrainerVariables.Data]);
    }

    [Fact]
    public void EnvironmentOf_WhenTheSecretIsMissing_NamesTheSecretAndKey()
    {
        var trainingJob = TestResources.TrainingJob(configure: spec =>
        {
            spec.DataSource = new DataSourceSpec { Postgres = new PostgresDataSource { SecretRef = new SecretKeyReference { Name = "shop-db" } } };
            spec.Output = new OutputSpec { Store = "/models" };
        });
        var container = TrainingJobBuilder.Build(trainingJob, TestResources.Settings).Spec.Template.Spec.Containers.Single();

        var e = Assert.Throws<InvalidOperationException>(() => LocalSecrets.Load(Path.Combine(_folder, "absent.yaml"), _ => null).EnvironmentOf(container));

        Assert.Contains("secret \"shop-db\" key \"url\" not found", e.Message, StringComparison.Ordinal);
    }
}
