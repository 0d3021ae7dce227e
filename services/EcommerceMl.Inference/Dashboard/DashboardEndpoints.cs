using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Endpoints;
using EcommerceMl.Inference.Models;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Recommendation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceMl.Inference.Dashboard;

/// <summary>
/// The dashboard at <c>/</c>: one static page (embedded, no build step) that draws from the public API plus
/// <c>GET /v1/dashboard</c> (models, ids to browse, churn risk mix) and a customer's purchases.
/// </summary>
internal static class DashboardEndpoints
{
    private const int CustomersListed = 50;
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
            .WithSummary("Models with metrics, customers to browse per recommender, scopes per forecaster, churn risk counts over known customers.");
        v1.MapGet("/customers/{customerId}/purchases", Purchases).WithName("CustomerPurchases")
            .WithSummary("Products a customer bought in the data the recommender was trained on.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        return app;
    }

    internal static Ok<DashboardSummary> Summary(ModelRegistry registry)
    {
        var loaded = registry.Models.Where(e => e.Status == ModelStatus.Loaded).ToList();
        return TypedResults.Ok(new DashboardSummary(
            [.. registry.Models.Select(ModelInfo.From)],
            [.. loaded.Where(e => e.Model is IRecommender).Select(e => new DashboardRecommender(e.Name, ((IRecommender)e.Model!).SampleCustomers(CustomersListed)))],
            [.. loaded.Where(e => e.Model is IForecaster).Select(e => new DashboardForecaster(e.Name, ((IForecaster)e.Model!).Measure, ((IForecaster)e.Model!).Scopes))],
            [.. loaded.Where(e => e.Model is IChurnModel).Select(e => RiskMix(e.Name, (IChurnModel)e.Model!))]));
    }

    internal static Results<Ok<PurchasesResponse>, ProblemHttpResult> Purchases(string customerId, string? model, ModelRegistry registry)
    {
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

        return TypedResults.Ok(new PurchasesResponse(customerId, entry.Name, entry.Version!, [.. recommender.PurchasedBy(customerId).Select(p =>
        {
            var product = recommender.FindProduct(p);
            return new PurchasedProduct(p, product?.Name, product?.Category);
        })]));
    }

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
