using EcommerceMl.Artifacts;
using EcommerceMl.Contracts.Batch;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;

namespace EcommerceMl.Operator.Tests.Builders;

/// <summary>The outputs Job's target: the database only as a Secret reference, or the CSV prefix with the store's S3 endpoint and credentials when it is on S3.</summary>
public sealed class BatchOutputJobBuilderTests
{
    private const string Version = "20261206T010000Z-aaaaaa";

    [Fact]
    public void AnS3Prefix_IsPassedAsItIs_WithTheStoresEndpointAndCredentialsAsSecretReferences_AndNoDatabase()
    {
        var model = ModelFixtures.Model(s => s.Outputs = new ModelOutputsSpec { S3 = new CsvOutputsTarget { Prefix = "s3://analytics/ecml" }, Shards = 4 });

        var env = BatchOutputJobBuilder.Environment(model, Version, TestResources.Settings with { Store = "/var/ecml/models" }).ToDictionary(e => e.Name);

        Assert.Equal("s3://analytics/ecml", env[BatchArguments.CsvPrefix.Variable].Value);
        Assert.DoesNotContain(BatchArguments.Database.Variable, env.Keys);
        Assert.Equal(TestResources.Settings.S3Endpoint, env[S3Settings.EndpointVariable].Value);
        Assert.Equal(("ecml-store", S3Settings.AccessKeyVariable), (env[S3Settings.AccessKeyVariable].ValueFrom.SecretKeyRef.Name, env[S3Settings.AccessKeyVariable].ValueFrom.SecretKeyRef.Key));
        Assert.Null(env[S3Settings.SecretKeyVariable].Value);
    }

    [Fact]
    public void APrefixInsideAFolderStore_NeedsNoS3Settings()
    {
        var model = ModelFixtures.Model(s => s.Outputs = new ModelOutputsSpec { S3 = new CsvOutputsTarget { Prefix = "outputs" } });

        var env = BatchOutputJobBuilder.Environment(model, Version, TestResources.Settings with { Store = "/var/ecml/models" }).ToDictionary(e => e.Name);

        Assert.Equal(("outputs", "/var/ecml/models"), (env[BatchArguments.CsvPrefix.Variable].Value, env[BatchArguments.Store.Variable].Value));
        Assert.DoesNotContain(S3Settings.EndpointVariable, env.Keys);
    }

    [Theory]
    [InlineData(true, true, "spec.outputs has both postgres and s3")]
    [InlineData(false, false, "spec.outputs.postgres.secretRef.name is empty")]
    public void ATargetThatIsNotExactlyOne_IsASpecProblem_NamingTheField(bool postgres, bool s3, string message)
    {
        var model = ModelFixtures.Model(s => s.Outputs = new ModelOutputsSpec
        {
            Postgres = postgres ? new PostgresDataSource { SecretRef = new SecretKeyReference { Name = "analytics-db" } } : null,
            S3 = s3 ? new CsvOutputsTarget { Prefix = "outputs" } : null,
        });

        var e = Assert.Throws<InvalidWorkloadException>(() => BatchOutputJobBuilder.Build(model, Version, TestResources.Settings));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }
}
