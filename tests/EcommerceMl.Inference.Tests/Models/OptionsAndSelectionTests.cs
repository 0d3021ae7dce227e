using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Options;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Tests.Models;

public sealed class OptionsAndSelectionTests
{
    [Theory]
    [InlineData("recs", "recs", null)]
    [InlineData("recs@20261120T000000Z-aaaaaa", "recs", "20261120T000000Z-aaaaaa")]
    [InlineData(" churn-v2@latest ", "churn-v2", null)]
    public void ModelSpec_Parse_AcceptsNamesAndPinnedVersions(string text, string name, string? version)
    {
        Assert.True(ModelSpec.TryParse(text, out var spec, out var error), error);
        Assert.Equal(new ModelSpec(name, version), spec);
    }

    [Theory]
    [InlineData("", "is not a model name")]
    [InlineData("Recs", "is not a model name")]
    [InlineData("recs@", "invalid version")]
    [InlineData("recs@a b", "invalid version")]
    public void ModelSpec_Parse_RefusesMalformedEntriesSayingWhy(string text, string message)
    {
        Assert.False(ModelSpec.TryParse(text, out _, out var error));
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithAnInvalidModelEntry_FailsNamingTheSetting()
    {
        var store = await TestModels.StoreWithAllAsync();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServerHost.StartAsync(
            store, new Dictionary<string, string?> { ["Ecml:Inference:Models:0"] = "Not_A_Name" }));

        Assert.Contains("Ecml:Inference:Models", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WithMaxKOutOfRange_Fails()
    {
        var store = await TestModels.StoreWithAllAsync();

        var ex = await Assert.ThrowsAsync<OptionsValidationException>(() => TestServerHost.StartAsync(
            store, new Dictionary<string, string?> { ["Ecml:Inference:MaxK"] = "0" }));

        Assert.Contains("MaxK", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ModelSettings_FromAHostsModelList_ServeExactlyThoseModels()
    {
        var settings = InferenceApp.ModelSettings(["sales", $"churn@{TestModels.V1}"]);
        await using var host = await TestServerHost.StartReadyAsync(await TestModels.StoreWithAllAsync(), settings);

        Assert.Equal(["churn", "sales"], host.Registry.Models.Select(m => m.Name));
        Assert.Equal(TestModels.V1, host.Registry.Find("churn")!.Version);
    }

    [Fact]
    public void Options_NamingAModelTwice_AreInvalid()
    {
        var options = new InferenceOptions { Models = ["recs", "recs@v1"] };

        var results = options.Validate(new System.ComponentModel.DataAnnotations.ValidationContext(options)).ToList();

        Assert.Contains(results, r => r.ErrorMessage!.Contains("more than once", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(1, 30, 2)]
    [InlineData(16, 30, 30)]
    [InlineData(30, 30, 30)]
    public void Backoff_DoublesUpToTheCeiling(int currentSeconds, int maxSeconds, int expectedSeconds)
    {
        Assert.Equal(
            TimeSpan.FromSeconds(expectedSeconds),
            Backoff.Next(TimeSpan.FromSeconds(currentSeconds), TimeSpan.FromSeconds(maxSeconds)));
    }

    [Fact]
    public void Registry_BeforeTheLoaderRuns_IsNotReadyAndSaysSo()
    {
        var registry = new ModelRegistry();

        Assert.False(registry.IsReady);
        Assert.NotNull(registry.DiscoveryError);
        var selection = registry.Select<Ml.Recommendation.IRecommender>(ModelTask.Recommendation, null);
        Assert.Equal(503, selection.Failure!.StatusCode);
    }

    [Fact]
    public async Task Server_WithoutAModelStore_StaysNotReadySayingNoneIsConfigured()
    {
        var builder = WebApplication.CreateBuilder();
        Microsoft.AspNetCore.TestHost.WebHostBuilderExtensions.UseTestServer(builder.WebHost);
        builder.Logging.ClearProviders();
        Inference.Hosting.InferenceServiceCollectionExtensions.AddEcmlInference(builder.Services, builder.Configuration);
        await using var app = builder.Build();
        Inference.Hosting.InferenceApplicationExtensions.UseEcmlInference(app);
        Inference.Hosting.InferenceApplicationExtensions.MapEcmlInference(app);
        await app.StartAsync(TestContext.Current.CancellationToken);
        var registry = app.Services.GetRequiredService<ModelRegistry>();

        while (registry.DiscoveryError?.Contains("No model store", StringComparison.Ordinal) != true)
        {
            await Task.Delay(5, TestContext.Current.CancellationToken);
        }

        var response = await Microsoft.AspNetCore.TestHost.HostBuilderTestServerExtensions.GetTestClient(app)
            .GetAsync("/readyz", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("No model store is configured", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        await app.StopAsync(TestContext.Current.CancellationToken);
    }
}
