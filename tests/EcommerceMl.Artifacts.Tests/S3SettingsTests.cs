namespace EcommerceMl.Artifacts.Tests;

public sealed class S3SettingsTests
{
    [Fact]
    public void ToString_ShowsEverySettingButTheSecretKey()
    {
        var settings = new S3Settings { Endpoint = new Uri("http://minio:9000"), AccessKey = "ecml-trainer", SecretKey = "wJalrXUtnFEMI/K7MDENG" };

        var text = settings.ToString();

        Assert.DoesNotContain("wJalrXUtnFEMI", text, StringComparison.Ordinal);
        Assert.Contains("SecretKey = ***", text, StringComparison.Ordinal);
        Assert.Contains("AccessKey = ecml-trainer", text, StringComparison.Ordinal);
        Assert.Contains("Endpoint = http://minio:9000/", text, StringComparison.Ordinal);
        Assert.All(typeof(S3Settings).GetProperties().Select(p => p.Name), name => Assert.Contains($"{name} = ", text, StringComparison.Ordinal));
        Assert.Equal("wJalrXUtnFEMI/K7MDENG", settings.SecretKey);
    }
}
