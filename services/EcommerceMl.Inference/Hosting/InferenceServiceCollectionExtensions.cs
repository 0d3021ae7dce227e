using System.Text.Json.Serialization;
using EcommerceMl.Artifacts;
using EcommerceMl.Inference.Endpoints;
using EcommerceMl.Inference.Errors;
using EcommerceMl.Inference.Json;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml.Training;
using Microsoft.AspNetCore.Http.Json;

namespace EcommerceMl.Inference.Hosting;

public static class InferenceServiceCollectionExtensions
{
    /// <summary>The category under which ASP.NET Core's hosting logs requests and opens their scope.</summary>
    public const string HostingDiagnosticsCategory = "Microsoft.AspNetCore.Hosting.Diagnostics";

    /// <summary>
    /// Everything the inference server needs except where its models come from: options
    /// (<c>Ecml:Inference</c>), the model registry and its background loader, JSON, problem details,
    /// OpenAPI and metrics. The host adds the store and pipelines with <see cref="AddEcmlModelSource"/>.
    /// </summary>
    public static IServiceCollection AddEcmlInference(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);

        // Bound from the configuration the caller passes (not only the host's), so `ecml serve` can hand in its own.
        services.AddOptions<InferenceOptions>()
            .Bind(configuration.GetSection(InferenceOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.AddOptions<EventSinkOptions>()
            .Bind(configuration.GetSection(EventSinkOptions.SectionName))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingletonTimeProvider();
        services.AddSingleton<ModelRegistry>();
        services.AddSingleton<InferenceMetrics>();
        services.AddSingleton<Events.EventBuffer>();
        services.AddSingleton<Events.EventLogWriter>();
        services.AddSingleton(sp => new Events.EventSink(
            sp.GetRequiredService<Microsoft.Extensions.Options.IOptions<EventSinkOptions>>(),
            writerId => EventDestination(sp, writerId),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<Events.EventSink>>()));
        services.AddHostedService(sp => sp.GetRequiredService<Events.EventSink>());
        services.AddHostedService(sp => sp.GetRequiredService<Events.EventLogWriter>());
        services.AddSingleton<EndpointLog>();
        services.AddSingleton<ModelMaterializer>();
        services.AddSingleton<RefusedVersions>();
        services.AddSingleton<LatestVersionLoader>();
        services.AddSingleton<PredictionLog>();
        services.AddSingleton<AnswerCache>();
        services.AddSingleton<ServingServices>();
        services.AddHostedService<ModelLoader>();
        services.AddSingleton<ModelRefresher>();
        services.AddHostedService(sp => sp.GetRequiredService<ModelRefresher>());

        services.AddEcmlClientLimits();
        services.AddCors();
        services.AddOptions<Microsoft.AspNetCore.Cors.Infrastructure.CorsOptions>()
            .Configure<Microsoft.Extensions.Options.IOptions<InferenceOptions>>((cors, inference) => Tracker.TrackerEndpoints.AddPolicy(cors, inference.Value));

        services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            o.SerializerOptions.TypeInfoResolverChain.Insert(0, InferenceJsonContext.Default);
        });

        // Decided when the options are first read, so configuration a host adds after this call counts too.
        services.Configure<LoggerFilterOptions>(o =>
        {
            if (!RequestScopesWanted(configuration))
            {
                o.AddFilter(HostingDiagnosticsCategory, LogLevel.None);
            }
        });

        // One header fewer on every answer; the server's name tells a client nothing it needs.
        services.Configure<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>(o => o.AddServerHeader = false);
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
        {
            c.ProblemDetails.Instance ??= c.HttpContext.Request.Path;
            c.ProblemDetails.Extensions.TryAdd("traceId", c.HttpContext.TraceIdentifier);
            c.ProblemDetails.Detail ??= StatusDetails.Describe(c.HttpContext, c.ProblemDetails.Status);
        });
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<UnhandledExceptionHandler>();
        services.AddOpenApi(o => o.AddDocumentTransformer((document, _, _) =>
        {
            document.Info.Title = "EcommerceMl inference API";
            document.Info.Description = "Recommendations, similar products, sales forecasts and churn risk from models trained by EcommerceMl.";
            return Task.CompletedTask;
        }));
        return services;
    }

    /// <summary>
    /// Where models come from: the store (resolved once, lazily, so a host can build it from configuration
    /// or other services) and the task pipelines that turn <c>model.bin</c> into a model. Without this the
    /// server runs but stays not ready, saying that no store is configured.
    /// </summary>
    public static IServiceCollection AddEcmlModelSource(
        this IServiceCollection services,
        Func<IServiceProvider, IModelStore> store,
        IEnumerable<ITaskPipeline> pipelines)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(pipelines);
        services.AddSingleton(store);
        foreach (var pipeline in pipelines)
        {
            services.AddSingleton(pipeline);
        }

        return services;
    }

    /// <summary>
    /// Whether the configuration asks for the request scope that ASP.NET Core's hosting opens under
    /// <see cref="HostingDiagnosticsCategory"/>: it names that category's level, or a formatter includes scopes.
    /// </summary>
    /// <remarks>
    /// Hosting starts an <c>Activity</c> and opens a log scope (request id, path, trace id) for every request as soon as
    /// that category logs at any level, even when nothing prints scopes: about 1.5 % of the server's CPU on a cached
    /// recommendation. Unless asked for, the category is switched off. What it logs at Warning and above (startup
    /// failures, which the host logs again, and address overrides) is lost; a tracing listener (OpenTelemetry) still
    /// gets its Activity, which hosting starts whenever its ActivitySource has listeners.
    /// </remarks>
    private static bool RequestScopesWanted(IConfiguration configuration) =>
        configuration[$"Logging:LogLevel:{HostingDiagnosticsCategory}"] is not null
        || configuration.GetSection("Logging").AsEnumerable().Any(setting =>
            setting.Key.EndsWith(":IncludeScopes", StringComparison.OrdinalIgnoreCase)
            && bool.TryParse(setting.Value, out var include) && include);

    /// <summary>Where the sink writes: the PostgreSQL table when <c>Ecml:Events:Postgres</c> is set, else objects (<see cref="EventSinkObjects"/>).</summary>
    private static Events.IEventDestination? EventDestination(IServiceProvider services, string writerId)
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EventSinkOptions>>().Value;
        if (options.UsesPostgres)
        {
            var connection = Postgres.PostgresConnection.Parse(options.Postgres!);
            return new Events.PostgresEventDestination(new Postgres.PostgresEventTable(connection.OpenDataSource(), connection.Display));
        }

        return EventSinkObjects(services) is { } objects
            ? new Events.ObjectEventDestination(objects, writerId, services.GetRequiredService<TimeProvider>())
            : null;
    }

    /// <summary>
    /// The sink's objects: <c>Ecml:Events:Sink</c> when set (<c>none</c>: no sink), else the model store's folder or
    /// bucket; none when the store is neither (a host's own <see cref="IModelStore"/>) or there is no store.
    /// </summary>
    private static Artifacts.Events.IEventObjects? EventSinkObjects(IServiceProvider services)
    {
        var options = services.GetRequiredService<Microsoft.Extensions.Options.IOptions<EventSinkOptions>>().Value;
        if (options.Disabled)
        {
            return null;
        }

        if (!string.IsNullOrWhiteSpace(options.Sink))
        {
            return Artifacts.Events.EventObjectStores.Open(options.Sink);
        }

        try
        {
            return services.GetService<IModelStore>() is { } store ? Artifacts.Events.EventObjectStores.For(store) : null;
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            // A store that cannot be opened: the model loader says why on /readyz; events stay in memory meanwhile.
            return null;
        }
    }

    private static void TryAddSingletonTimeProvider(this IServiceCollection services)
    {
        if (!services.Any(d => d.ServiceType == typeof(TimeProvider)))
        {
            services.AddSingleton(TimeProvider.System);
        }
    }
}
