using EcommerceMl.Inference.Options;
using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Inference.Models;

/// <summary>
/// Where a forecast starts on this server — the request's <c>start</c>, else today in <see cref="InferenceOptions.ShopTimeZone"/>
/// by the injected clock — and how stale the model is; the same for <c>/v1/forecast</c>, <c>/v1/demand</c> and the
/// protocol routes (see <see cref="ForecastWindow.Resolve"/>).
/// </summary>
internal readonly record struct ForecastStart(DateOnly Today, int MaxGapDays)
{
    public static ForecastStart Of(InferenceOptions options, TimeProvider time) =>
        new(ForecastWindow.Today(time.GetUtcNow(), options.ShopTimeZoneInfo()), options.MaxForecastGapDays);

    public ForecastWindowResult Resolve(IForecaster model, DateOnly? start, int horizon) =>
        ForecastWindow.Resolve(model.LastObservedDate, Today, start, horizon, MaxGapDays);

    /// <summary>Whole days since the model's data ended.</summary>
    public int DataAgeDays(IForecaster model) => ForecastWindow.DataAgeDays(model.LastObservedDate, Today);

    /// <summary>A refused window as HTTP: a start inside the data is the request's mistake (400), a model too old for the range 422.</summary>
    public static int StatusOf(ForecastWindowResult refused) =>
        refused.Problem == ForecastWindowProblem.StartNotAfterData ? StatusCodes.Status400BadRequest : StatusCodes.Status422UnprocessableEntity;
}
