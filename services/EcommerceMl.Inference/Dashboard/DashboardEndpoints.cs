using System.Globalization;
using EcommerceMl.Artifacts;
using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Endpoints;
using EcommerceMl.Inference.Events;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Recommendation;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Dashboard;

/// <summary>
/// The dashboard at <c>/</c>: one static page (embedded, no build step) that draws from the public API plus
/// <c>GET /v1/dashboard</c> (models, ids to browse, churn risk mix), each model's timeline (versions, triggers, gate
/// outcomes, monitoring reports), a forecast scope's daily actuals from the event sink, and a customer's purchases.
/// Every answer is bounded and says where it was cut.
/// </summary>
internal static class DashboardEndpoints
{
    private const int CustomersListed = 50;
    private const int DefaultPurchasesListed = 20;
    private const int MaxPurchasesListed = 500;

    /// <summary>Most days one actuals request covers (a chart's history plus its horizon).</summary>
    public const int MaxActualsDays = 400;
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(DashboardEndpoints).Assembly.GetManifestResourceStream("EcommerceMl.Inference.Dashboard.index.html")
            ?? throw new InvalidOperationException("The dashboard page is not embedded in the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static IEndpointRouteBuilder MapDashboard(this IEndpointRouteBuilder app)
    {
        app.MapGet("/", () => TypedResults.Text(Page.Value, "text/html; charset=utf-8"))
            .WithTags("Dashboard").WithName("Dashboard").WithSummary("The dashboard page: models, forecast with its interval band, churn risk mix, recommendation browser.");
        var v1 = app.MapGroup("/v1").WithTags("Dashboard");
        v1.MapGet("/dashboard", Summary).WithName("DashboardSummary")
            .WithSummary("Models with metrics, customers to browse per recommender, scopes per forecaster, churn risk counts over known customers, and this server's recommendation answers and conversions per version.");
        v1.MapGet("/dashboard/models/{model}/timeline", TimelineAsync).WithName("DashboardModelTimeline")
            .WithSummary($"A served model's newest versions (at most {TimelineReader.MaxVersions}) with trigger, gate and champion outcome, and its newest monitoring reports (at most {TimelineReader.MaxReports}).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        v1.MapGet("/dashboard/actuals", ActualsAsync).WithName("DashboardActuals")
            .WithSummary($"A forecast scope's daily actuals from the purchase events in the event sink, days from..to (at most {MaxActualsDays}) in the shop's time zone.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        v1.MapGet("/customers/{customerId}/purchases", Purchases).WithName("CustomerPurchases")
            .WithSummary($"Products a customer bought in the data the recommender was trained on: the first `limit` (default {DefaultPurchasesListed}, at most {MaxPurchasesListed}) and the total.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static Ok<DashboardSummary> Summary(ModelRegistry registry, InferenceMetrics metrics, TimeProvider time)
    {
        var loaded = registry.Models.Where(e => e.Status == ModelStatus.Loaded).ToList();
        var now = time.GetUtcNow();
        return TypedResults.Ok(new DashboardSummary(
            [.. registry.Models.Select(e => ModelInfo.From(e, now))],
            [.. loaded.Where(e => e.Model is IRecommender).Select(e => new DashboardRecommender(e.Name, ((IRecommender)e.Model!).SampleCustomers(CustomersListed)))],
            [.. loaded.Where(e => e.Model is IForecaster).Select(e => new DashboardForecaster(e.Name, ((IForecaster)e.Model!).Measure, ((IForecaster)e.Model!).Scopes))],
            [.. loaded.Where(e => e.Model is IChurnModel).Select(e => RiskMix(e.Name, (IChurnModel)e.Model!))],
            VersionConversions.From(metrics.RecommendationCountsNow())));
    }

    internal static Results<Ok<PurchasesResponse>, ProblemHttpResult, ValidationProblem> Purchases(string customerId, string? model, int? limit, ModelRegistry registry)
    {
        var errors = new RequestErrors();
        errors.CheckRange("limit", limit ?? DefaultPurchasesListed, 1, MaxPurchasesListed);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var selection = registry.Select<IRecommender>(ModelTask.Recommendation, model);
        if (selection.Failure is not null)
        {
            return Problems.From(selection.Failure);
        }

        var (entry, recommender) = (selection.Entry!, selection.Model!);
        if (!recommender.KnowsCustomer(customerId))
        {
            return Problems.NotFound("Unknown customer.", $"Customer '{customerId}' is not known to model '{entry.Name}' (version {entry.Version}).");
        }

        var purchased = recommender.PurchasedBy(customerId);
        return TypedResults.Ok(new PurchasesResponse(customerId, entry.Name, entry.Version!, purchased.Count, [.. purchased.Take(limit ?? DefaultPurchasesListed).Select(p =>
        {
            var product = recommender.FindProduct(p);
            return new PurchasedProduct(p, product?.Name, product?.Category);
        })]));
    }

    internal static async Task<Results<Ok<ModelTimeline>, ProblemHttpResult>> TimelineAsync(
        string model, ModelRegistry registry, IServiceProvider services, ILogger<ModelTimeline> log, CancellationToken cancellationToken)
    {
        var entry = registry.Models.FirstOrDefault(e => e.Name == model);
        if (entry is null)
        {
            return Problems.NotFound("Unknown model.", $"Model '{model}' is not served here; served: {string.Join(", ", registry.Models.Select(e => e.Name))}.");
        }

        if (services.GetService<IModelStore>() is not { } store)
        {
            return Unavailable("No model store is configured.", "This server has no model store to read versions and monitoring reports from.");
        }

        try
        {
            var serving = entry.Status == ModelStatus.Loaded ? entry.Version : null;
            return TypedResults.Ok(await TimelineReader.ReadAsync(store, model, serving, cancellationToken));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The store is down or refuses us: the page shows why, the server stays up.
            log.LogWarning(e, "The dashboard could not read the timeline of {Model} from the store", model);
            return Unavailable("The model store could not be read.", $"Reading the versions of '{model}' from {store.Location} failed: {e.Message}");
        }
    }

    internal static async Task<Results<Ok<DailyActualsResponse>, ProblemHttpResult, ValidationProblem>> ActualsAsync(
        string? model, string? scope, string? from, string? to, ModelRegistry registry, EventSink sink, IOptions<InferenceOptions> options,
        ILogger<DailyActualsResponse> log, CancellationToken cancellationToken)
    {
        var errors = new RequestErrors();
        var first = ParseDay(errors, "from", from);
        var last = ParseDay(errors, "to", to);
        if (first is { } f && last is { } l && (l < f || l.DayNumber - f.DayNumber + 1 > MaxActualsDays))
        {
            errors.Add("to", $"to must be on or after from and at most {MaxActualsDays} days span them; got {from} to {to}.");
        }

        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var selection = registry.Select<IForecaster>(ModelTask.Forecast, model);
        if (selection.Failure is not null)
        {
            return Problems.From(selection.Failure);
        }

        var (entry, forecaster) = (selection.Entry!, selection.Model!);
        scope = string.IsNullOrWhiteSpace(scope) ? ForecastScope.Shop : scope;
        if (!forecaster.Scopes.Contains(scope, StringComparer.Ordinal))
        {
            return Problems.NotFound("Unknown forecast scope.", $"Scope '{scope}' is not one model '{entry.Name}' forecasts.");
        }

        var notes = new List<string>();
        Ok<DailyActualsResponse> None(string why) =>
            TypedResults.Ok(new DailyActualsResponse(entry.Name, scope, forecaster.Measure, first!.Value, last!.Value, sink.Location, [], 0, false, [.. notes, why]));
        if (sink.Objects is null && sink.Table is null)
        {
            return None("No event sink is configured, so there are no actuals.");
        }

        if (!DailyActuals.Supports(forecaster.Measure))
        {
            return None($"The measure '{forecaster.Measure}' cannot be summed from events.");
        }

        if (ScopeFilter(scope, registry) is not { } inScope)
        {
            return None($"No recommendation model is loaded to tell which products are in '{scope}', so there are no actuals for it.");
        }

        var zone = options.Value.ShopTimeZoneInfo();
        var actuals = new DailyActuals(forecaster.Measure, inScope, zone, first!.Value, last!.Value);
        try
        {
            // Partitions are UTC hours of receipt: a day either side covers the shop's offset and late deliveries.
            var (firstDay, lastDay) = (first.Value.AddDays(-1), last.Value.AddDays(1));
            var read = sink.Objects is { } objects
                ? await SinkEvents.ReadDaysAsync(objects, firstDay, lastDay, actuals.Add, cancellationToken)
                : await SinkEvents.ReadDaysAsync(sink.Table!, firstDay, lastDay, actuals.Add, cancellationToken);
            var days = actuals.Days();
            if (read.CutDay is { } cut)
            {
                // A shop day spans at most the UTC day before and after it: drop every day the cut partition may hold.
                days = [.. days.Where(d => d.Date > cut.AddDays(1))];
                notes.Add(sink.Objects is null
                    ? $"Stopped after {read.Events:N0} events: days up to {cut.AddDays(1):yyyy-MM-dd} are left out."
                    : $"Stopped after {read.Objects} objects ({read.Events:N0} events): days up to {cut.AddDays(1):yyyy-MM-dd} are left out.");
            }

            if (read.Unreadable > 0)
            {
                notes.Add($"{read.Unreadable} unreadable event objects were skipped.");
            }

            return TypedResults.Ok(new DailyActualsResponse(entry.Name, scope, forecaster.Measure, first.Value, last.Value, sink.Location, days, read.Objects, read.Truncated, notes));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            log.LogWarning(e, "The dashboard could not read the event sink at {Location}", sink.Location);
            return Unavailable("The event sink could not be read.", $"Reading events from {sink.Location} failed: {e.Message}");
        }
    }

    private static DateOnly? ParseDay(RequestErrors errors, string field, string? value)
    {
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors.Add(field, $"{field} must be a date as yyyy-MM-dd; got '{value}'.");
        return null;
    }

    /// <summary>Which purchased products count for a scope; null when the scope's products cannot be told apart.</summary>
    private static Func<string, bool>? ScopeFilter(string scope, ModelRegistry registry)
    {
        if (scope == ForecastScope.Shop)
        {
            return _ => true;
        }

        if (scope.StartsWith("product:", StringComparison.Ordinal))
        {
            var product = scope["product:".Length..];
            return p => p == product;
        }

        // A category's products: the catalogue of a loaded recommender (events carry product ids only).
        var category = scope["category:".Length..];
        var catalogues = registry.Models.Where(e => e.Status == ModelStatus.Loaded).Select(e => e.Model).OfType<IRecommender>().ToList();
        return catalogues.Count == 0 ? null : p => catalogues.Any(c => c.FindProduct(p)?.Category == category);
    }

    private static ProblemHttpResult Unavailable(string title, string detail) =>
        TypedResults.Problem(detail: detail, statusCode: StatusCodes.Status503ServiceUnavailable, title: title);

    private static DashboardChurn RiskMix(string name, IChurnModel churn)
    {
        // Every known customer, not a sample: SampleCustomers lists the riskiest first, so any prefix
        // would paint the whole shop HIGH. Scoring is a dot product per customer, cheap even for 100k.
        var customers = churn.SampleCustomers(int.MaxValue);
        var counts = new Dictionary<string, int>(StringComparer.Ordinal) { ["LOW"] = 0, ["MEDIUM"] = 0, ["HIGH"] = 0 };
        foreach (var features in customers.Select(churn.FeaturesOf).OfType<ChurnFeatures>())
        {
            counts[ChurnRiskLabels.Of(churn.Predict(features).Risk)]++;
        }

        return new DashboardChurn(name, customers.Count, counts);
    }
}
