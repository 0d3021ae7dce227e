using System.Globalization;
using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Forecasting;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>Daily sales forecasts with a prediction interval, for the shop, a category or a product.</summary>
internal static class ForecastEndpoints
{
    private const int ScopesQuoted = 5;

    public static RouteGroupBuilder MapForecastApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/forecast", PostForecast)
            .WithTags("Forecast")
            .WithName("Forecast")
            .WithSummary("Daily forecast for `horizon` days from `start` (default: today in the shop's time zone) with a prediction interval at `level`; scope: productId, category, or the whole shop. The days between the data's end and `start` are forecast through (intervals widen); `dataTo` and `dataAgeDays` say how stale the model is; 422 when it is older than the server forecasts through.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    internal static Results<Ok<ForecastResponse>, ValidationProblem, ProblemHttpResult> PostForecast(
        ForecastRequest request,
        [AsParameters] ServingContext serving)
    {
        var errors = Validate(request, serving.Options);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!serving.TrySelect<IForecaster>(ModelTask.Forecast, request.Model, out var entry, out var forecaster, out var problem))
        {
            return problem;
        }

        var scope = ScopeOf(request);
        var level = request.Level ?? ForecastRequest.DefaultLevel;
        var horizon = request.Horizon!.Value;
        var start = ForecastStart.Of(serving.Options, serving.Time);
        var resolved = start.Resolve(forecaster, request.Start, horizon);
        if (resolved.Window is not { } window)
        {
            return RefusedWindow(resolved, entry, forecaster.LastObservedDate);
        }

        var started = serving.Start();
        var points = forecaster.Forecast(scope, window, level);
        if (points is null)
        {
            return Problems.NotFound("Unknown forecast scope.", UnknownScope(scope, entry, forecaster));
        }

        serving.Observe(entry, "forecast", started);
        Log.Forecasted(serving.Logger, scope, horizon, entry.Name, entry.Version!);
        return TypedResults.Ok(new ForecastResponse(
            entry.Name,
            entry.Version!,
            scope,
            forecaster.Measure,
            level,
            [.. points.Select(p => new ForecastPointDto(p.Date, p.Predicted, p.Lower, p.Upper))],
            forecaster.LastObservedDate,
            start.DataAgeDays(forecaster)));
    }

    /// <summary>A start inside the data (400) or a model too old for the range (422, naming its data's end, also as <c>dataTo</c>).</summary>
    internal static ProblemHttpResult RefusedWindow(ForecastWindowResult refused, ModelEntry entry, DateOnly dataEnd) =>
        ForecastStart.StatusOf(refused) == StatusCodes.Status400BadRequest
            ? TypedResults.Problem(detail: refused.Error, statusCode: StatusCodes.Status400BadRequest, title: "Invalid start.")
            : TypedResults.Problem(
                detail: $"Model '{entry.Name}' (version {entry.Version}): {refused.Error}",
                statusCode: StatusCodes.Status422UnprocessableEntity,
                title: "The model is too old for the range asked.",
                extensions: new Dictionary<string, object?> { ["dataTo"] = dataEnd.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) });

    internal static RequestErrors Validate(ForecastRequest request, InferenceOptions options)
    {
        var errors = new RequestErrors();
        if (request.Horizon is not { } horizon)
        {
            errors.Add("horizon", $"horizon is required: the number of days to forecast, 1 to {options.MaxHorizon}.");
        }
        else
        {
            errors.CheckRange("horizon", horizon, 1, options.MaxHorizon);
        }

        if (request.Level is { } level && !(level > 0 && level < 1))
        {
            errors.Add("level", $"level must be strictly between 0 and 1 (e.g. 0.8 for an 80% interval); got {level.ToString(CultureInfo.InvariantCulture)}.");
        }

        errors.CheckNotBlank("productId", request.ProductId);
        errors.CheckNotBlank("category", request.Category);
        if (request.ProductId is not null && request.Category is not null)
        {
            errors.Add("productId", "give productId or category, not both: a forecast has one scope.");
        }

        return errors;
    }

    internal static string ScopeOf(ForecastRequest request) =>
        request.ProductId is { } product ? ForecastScope.Product(product)
        : request.Category is { } category ? ForecastScope.Category(category)
        : ForecastScope.Shop;

    private static string UnknownScope(string scope, ModelEntry entry, IForecaster forecaster)
    {
        var scopes = forecaster.Scopes;
        var quoted = string.Join(", ", scopes.Take(ScopesQuoted));
        var more = scopes.Count > ScopesQuoted ? $" and {scopes.Count - ScopesQuoted} more" : "";
        return $"Model '{entry.Name}' (version {entry.Version}) does not forecast '{scope}'. It forecasts {quoted}{more}.";
    }
}
