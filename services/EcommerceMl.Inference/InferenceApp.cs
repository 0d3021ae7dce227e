using EcommerceMl.Artifacts;
using EcommerceMl.Inference.Hosting;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Inference;

/// <summary>Builds the inference server for a host that already has its store and pipelines (<c>ecml serve</c>, tests).</summary>
public static class InferenceApp
{
    /// <summary>
    /// Configuration entries that serve exactly <paramref name="models"/> (<c>name</c> or <c>name@version</c>),
    /// for a host's <c>--model</c> options: <c>builder.Configuration.AddInMemoryCollection(InferenceApp.ModelSettings(models))</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string?> ModelSettings(IEnumerable<string> models) =>
        models.Select((m, i) => KeyValuePair.Create(InferenceConfiguration.ModelKey(i), (string?)m))
            .ToDictionary();

    /// <summary>
    /// A ready-to-run server. <paramref name="configure"/> runs last on the builder, for a host's own
    /// settings (URLs, configuration, a test server). Call <c>RunAsync</c> or <c>StartAsync</c> on the result;
    /// <c>Services.GetRequiredService&lt;ModelRegistry&gt;()</c> tells when models are loaded.
    /// </summary>
    public static WebApplication Build(
        string[] args,
        IModelStore store,
        IEnumerable<ITaskPipeline> pipelines,
        Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddEcmlInference(builder.Configuration);

        // The framework logs every request at Information; keep that off unless the host's configuration asks for it.
        if (builder.Configuration["Logging:LogLevel:Microsoft.AspNetCore"] is null)
        {
            builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        }

        builder.Services.AddEcmlModelSource(_ => store, pipelines);
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseEcmlInference();
        app.MapEcmlInference();
        return app;
    }
}
