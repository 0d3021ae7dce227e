using System.Net;
using System.Text.Json;
using EcommerceMl.Artifacts;
using Microsoft.AspNetCore.Mvc.Testing;

namespace EcommerceMl.Inference.Tests.Hosting;

/// <summary>
/// The container entry point (Program.cs): the store comes from configuration; a location it cannot parse never
/// crashes it, S3 settings that are missing or malformed stop it at start naming them.
/// </summary>
public sealed class ContainerProgramTests
{
    private static async Task<JsonElement> ReadyzAsync(string? store)
    {
        await using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting("Ecml:Inference:StoreRetryInitialDelay", "00:00:00.010");
            if (store is not null)
            {
                builder.UseSetting("Ecml:Store", store);
            }
        });
        using var client = factory.CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            using var response = await client.GetAsync(new Uri("/readyz", UriKind.Relative), TestContext.Current.CancellationToken);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken)).RootElement;
            if (body.GetProperty("problem").GetString() is { Length: > 0 } || DateTime.UtcNow > deadline)
            {
                return body;
            }

            await Task.Delay(50, TestContext.Current.CancellationToken);
        }
    }

    [Fact]
    public async Task Readyz_WithoutAStore_SaysNoneIsConfigured()
    {
        var body = await ReadyzAsync(store: null);

        Assert.Contains("No model store is configured", body.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WhenStoreLocationIsMalformed_StaysUpAndSaysWhy()
    {
        var body = await ReadyzAsync("s3://");

        Assert.Contains("cannot be opened", body.GetProperty("problem").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Start_WithAnS3StoreMissingItsCredentials_FailsNamingTheSettings()
    {
        using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseSetting(InferenceConfiguration.StoreKey, "s3://models/shop");
            builder.UseSetting(S3Settings.EndpointVariable, "http://127.0.0.1:9000");
            builder.UseSetting(S3Settings.AccessKeyVariable, "");
            builder.UseSetting(S3Settings.SecretKeyVariable, "");
        });

        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());

        var message = error is Microsoft.Extensions.Options.OptionsValidationException ? error.Message : error.ToString();
        Assert.Contains(S3Settings.AccessKeyVariable, message, StringComparison.Ordinal);
        Assert.Contains(S3Settings.SecretKeyVariable, message, StringComparison.Ordinal);
        Assert.DoesNotContain(S3Settings.EndpointVariable, message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Readyz_WhenStoreIsAnEmptyFolder_SaysThereAreNoModels()
    {
        var folder = Directory.CreateTempSubdirectory("ecml-container-").FullName;
        try
        {
            var body = await ReadyzAsync(folder);

            Assert.Contains("no model", body.GetProperty("problem").GetString(), StringComparison.OrdinalIgnoreCase);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
