using System.Globalization;
using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Forecasting.Demand;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>
/// Per-product demand from a <c>lightgbm-demand</c> model: totals over the next days with an interval
/// and a trend. With no <c>model</c> named, the only loaded demand model answers even when other
/// forecast models (seasonal naive, ETS) are loaded beside it: they cannot answer this question.
/// </summary>
internal static partial class DemandEndpoints
{
    public static RouteGroupBuilder MapDemandApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/demand", PostDemand)
            .WithTags("Forecast")
            .WithName("Demand")
            .WithSummary("Units each product will sell over `horizons` days from `start` (default today in the shop's time zone; horizons default 7 and 30) with an interval at `level` and a trend; productId (unknown → 404) or productIds (per-item errors). `dataTo`/`dataAgeDays` say how stale the model is; 422 when it is too old for the range.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    internal static Results<Ok<DemandResponse>, ValidationProblem, ProblemHttpResult> PostDemand(
        DemandRequest request,
        [AsParameters] ServingContext serving)
    {
        var errors = Validate(request, serving.Options);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        var selection = Select(serving.Registry, request.Model);
        if (selection.Failure is not null)
        {
            return Problems.From(selection.Failure);
        }

        var (entry, model) = (selection.Entry!, selection.Model!);
        var horizons = request.Horizons ?? DemandRequest.DefaultHorizons;
        var level = request.Level ?? DemandRequest.DefaultLevel;
        var start = ForecastStart.Of(serving.Options, serving.Time);
        var resolved = start.Resolve(model, request.Start, horizons.Max());
        if (resolved.Window is not { } window)
        {
            return ForecastEndpoints.RefusedWindow(resolved, entry, model.LastObservedDate);
        }

        var started = serving.Start();
        if (request.ProductId is { } single && model.Demand(single, horizons, level, window.GapDays) is null)
        {
            return Problems.NotFound("Unknown product.", $"Model '{entry.Name}' (version {entry.Version}) has no demand forecast for product '{single}': it never sold in the training data.");
        }

        IReadOnlyList<string?> products = request.ProductId is { } one ? [one] : request.ProductIds!;
        var results = products.Select((p, i) => One(model, p, i, horizons, level, window.GapDays)).ToList();
        serving.Observe(entry, "demand", started);
        Forecasted(serving.Logger, results.Count, entry.Name, entry.Version!);
        var failed = results.Count(r => r.Error is not null);
        return TypedResults.Ok(new DemandResponse(
            entry.Name, entry.Version!, model.Measure, level, horizons, results.Count - failed, failed, results, window.Start, model.LastObservedDate, start.DataAgeDays(model)));
    }

    internal static RequestErrors Validate(DemandRequest request, InferenceOptions options)
    {
        var errors = new RequestErrors();
        errors.CheckNotBlank("model", request.Model);
        errors.CheckNotBlank("productId", request.ProductId);
        if (request.ProductId is not null && request.ProductIds is not null)
        {
            errors.Add("productIds", "give productId or productIds, not both.");
        }
        else if (request.ProductId is null)
        {
            BatchChecks.CheckSize(errors, "productIds", request.ProductIds?.Count, options.MaxBatchSize);
        }

        if (request.Horizons is { } horizons)
        {
            if (horizons.Count == 0 || horizons.Count > DemandRequest.MaxHorizons)
            {
                errors.Add("horizons", $"horizons must list 1 to {DemandRequest.MaxHorizons} numbers of days (default [7, 30]); got {horizons.Count}.");
            }

            foreach (var days in horizons.Where(d => d < 1 || d > options.MaxHorizon).Distinct())
            {
                errors.Add("horizons", $"each horizon must be between 1 and {options.MaxHorizon} days; got {days}.");
            }
        }

        if (request.Level is { } level && !(level > 0 && level < 1))
        {
            errors.Add("level", $"level must be strictly between 0 and 1 (e.g. 0.8 for an 80% interval); got {level.ToString(CultureInfo.InvariantCulture)}.");
        }

        return errors;
    }

    /// <summary>The named model, or else the only loaded forecast model that forecasts demand.</summary>
    private static ModelSelection<IDemandForecaster> Select(ModelRegistry registry, string? name)
    {
        if (string.IsNullOrWhiteSpace(name))
        {
            var demand = registry.Models.Where(e => e.Status == ModelStatus.Loaded && e.Model is IDemandForecaster).ToList();
            if (demand.Count == 1)
            {
                return ModelSelection<IDemandForecaster>.Found(demand[0], (IDemandForecaster)demand[0].Model!);
            }

            if (demand.Count == 0 && registry.Models.Any(e => e.Status == ModelStatus.Loaded && e.Task == ModelTask.Forecast))
            {
                return ModelSelection<IDemandForecaster>.Fail(
                    StatusCodes.Status503ServiceUnavailable,
                    "No demand model is loaded.",
                    $"No lightgbm-demand model is loaded; the forecast models served here ({string.Join(", ", registry.Models.Where(e => e.Task == ModelTask.Forecast).Select(e => e.Name))}) forecast series, not per-product demand. Train one with algorithm lightgbm-demand.");
            }
        }

        var selection = registry.Select<IDemandForecaster>(ModelTask.Forecast, name);
        return selection.Failure is { StatusCode: StatusCodes.Status500InternalServerError }
            ? ModelSelection<IDemandForecaster>.Fail(StatusCodes.Status400BadRequest, "Not a demand model.", $"Model '{name}' forecasts series, not per-product demand; name a lightgbm-demand model.")
            : selection;
    }

    private static DemandResult One(IDemandForecaster model, string? productId, int index, IReadOnlyList<int> horizons, double level, int gapDays)
    {
        if (string.IsNullOrWhiteSpace(productId))
        {
            return new(index, productId, null, null, null, null, $"productIds[{index}] is empty: give a product id.");
        }

        var forecast = model.Demand(productId, horizons, level, gapDays);
        if (forecast is null)
        {
            return new(index, productId, null, null, null, null, $"productIds[{index}]: product '{productId}' is not known to the model (it never sold in the training data).");
        }

        var totals = forecast.Totals.Select(t => new DemandTotalDto(t.Days, t.Predicted, t.Lower, t.Upper)).ToList();
        return new(
            index,
            productId,
            totals.FirstOrDefault(t => t.Days == 7)?.Predicted,
            totals.FirstOrDefault(t => t.Days == 30)?.Predicted,
            totals,
            forecast.Trend.Name(),
            null);
    }

    [LoggerMessage(40, LogLevel.Debug, "Demand for {Count} products with {Model} {Version}")]
    private static partial void Forecasted(ILogger logger, int count, string model, string version);
}
