namespace EcommerceMl.Artifacts.Tests;

public sealed class ModelStoresTests
{
    private static readonly S3Settings Settings = new()
    {
        Endpoint = new Uri("http://127.0.0.1:9000"),
        AccessKey = "key",
        SecretKey = "secret",
    };

    [Fact]
    public void Open_FolderPath_OpensALocalStoreAtItsFullPath()
    {
        var store = ModelStores.Open("relative/models");

        var local = Assert.IsType<LocalModelStore>(store);
        Assert.Equal(Path.GetFullPath("relative/models"), local.Root);
        Assert.Equal(local.Root, store.Location);
    }

    [Fact]
    public void Open_FileUri_OpensALocalStore()
    {
        var store = ModelStores.Open("file:///var/lib/ecml");

        Assert.Equal("/var/lib/ecml", Assert.IsType<LocalModelStore>(store).Root);
    }

    [Theory]
    [InlineData("s3://models", "models", "")]
    [InlineData("s3://models/", "models", "")]
    [InlineData("s3://shop.models/team/ml", "shop.models", "team/ml")]
    [InlineData("S3://models/prod/", "models", "prod")]
    public void Open_S3Location_OpensAnS3StoreWithBucketAndPrefix(string location, string bucket, string prefix)
    {
        var store = ModelStores.Open(location, Settings);

        var s3 = Assert.IsType<S3ModelStore>(store);
        Assert.Equal(new S3Location(bucket, prefix), s3.S3);
        Assert.Equal(prefix.Length == 0 ? $"s3://{bucket}" : $"s3://{bucket}/{prefix}", store.Location);
    }

    [Fact]
    public void Open_S3WithoutSettings_ReadsTheEnvironment()
    {
        var environment = new Dictionary<string, string>
        {
            [S3Settings.EndpointVariable] = "https://minio.shop.internal:9000",
            [S3Settings.AccessKeyVariable] = "key",
            [S3Settings.SecretKeyVariable] = "secret",
        };

        var store = ModelStores.Open("s3://models/ml", null, environment.GetValueOrDefault);
        var settings = S3Settings.FromEnvironment(environment.GetValueOrDefault);

        Assert.IsType<S3ModelStore>(store);
        Assert.Equal(new Uri("https://minio.shop.internal:9000"), settings.Endpoint);
        Assert.Equal(S3Settings.DefaultRegion, settings.Region);
    }

    [Fact]
    public void Open_S3WithoutCredentials_NamesTheMissingVariables()
    {
        var environment = new Dictionary<string, string> { [S3Settings.EndpointVariable] = "http://127.0.0.1:9000" };

        var error = Assert.Throws<ModelStoreConfigurationException>(() => ModelStores.Open("s3://models", null, environment.GetValueOrDefault));

        Assert.Contains(S3Settings.AccessKeyVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains(S3Settings.SecretKeyVariable, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(S3Settings.EndpointVariable + ",", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("minio:9000")]
    [InlineData("ftp://127.0.0.1:9000")]
    [InlineData("http://127.0.0.1:9000/bucket")]
    [InlineData("not a url")]
    public void Open_S3WithMalformedEndpoint_SaysWhatIsExpected(string endpoint)
    {
        var environment = new Dictionary<string, string>
        {
            [S3Settings.EndpointVariable] = endpoint,
            [S3Settings.AccessKeyVariable] = "key",
            [S3Settings.SecretKeyVariable] = "secret",
        };

        var error = Assert.Throws<ModelStoreConfigurationException>(() => ModelStores.Open("s3://models", null, environment.GetValueOrDefault));

        Assert.Contains(S3Settings.EndpointVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains(endpoint, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("s3://")]
    [InlineData("s3://ab")]
    [InlineData("s3://Models")]
    [InlineData("s3://my_models")]
    [InlineData("s3://models..x")]
    [InlineData("s3://models/../other")]
    [InlineData("s3://models/a//b")]
    [InlineData("s3://models/./a")]
    [InlineData("ftp://host/models")]
    [InlineData("file://host/share")]
    public void Open_MalformedLocation_IsRefusedWithAClearMessage(string location)
    {
        var error = Assert.Throws<ArgumentException>(() => ModelStores.Open(location, Settings));

        Assert.Equal("location", error.ParamName);
        Assert.Matches("s3://|folder|file:///", error.Message);
    }

    [Fact]
    public void Validate_OfSettingsBuiltInCode_NamesEverySettingToFix()
    {
        var settings = new S3Settings { Endpoint = new Uri("http://127.0.0.1:9000/bucket"), AccessKey = "", SecretKey = "secret", Region = " " };

        var error = Assert.Throws<ModelStoreConfigurationException>(settings.Validate);

        Assert.Contains($"{S3Settings.EndpointVariable} 'http://127.0.0.1:9000/bucket' must be just scheme, host and port", error.Message, StringComparison.Ordinal);
        Assert.Contains($"{S3Settings.AccessKeyVariable} is not set", error.Message, StringComparison.Ordinal);
        Assert.Contains(S3Settings.RegionVariable, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(S3Settings.SecretKeyVariable, error.Message, StringComparison.Ordinal);
    }
}
