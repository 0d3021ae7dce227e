using System.Globalization;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml.Forecasting;
using static EcommerceMl.Inference.OpenInference.TensorDatatype;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>
/// Forecast models as tensors: <c>horizon</c> [1], optional <c>level</c> [1] (default 0.8), <c>scope</c> [n]
/// (default the shop; <c>category:{name}</c>, <c>product:{id}</c>) and <c>start</c> [1] (yyyy-MM-dd; default today in
/// the shop's time zone) → <c>dates</c> [h], <c>yhat</c>, <c>yhat_lower</c>, <c>yhat_upper</c> [n, h], and how stale the
/// model is: <c>data_to</c> [1] (its last day of data) and <c>data_age_days</c> [1].
/// </summary>
internal static class ForecastTensors
{
    public const string Horizon = "horizon";
    public const string Level = "level";
    public const string Scope = "scope";
    public const string Start = "start";
    public const string Dates = "dates";
    public const string Yhat = "yhat";
    public const string YhatLower = "yhat_lower";
    public const string YhatUpper = "yhat_upper";
    public const string DataTo = "data_to";
    public const string DataAgeDays = "data_age_days";
    public const double DefaultLevel = 0.8;

    public static ModelSignature Signature { get; } = new(
        [
            new(Horizon, Int32Type, [1], IntegerTypes, Scalar: true),
            new(Level, Fp64Type, [1], NumberTypes, Scalar: true),
            new(Scope, BytesType, [-1], StringTypes),
            new(Start, BytesType, [1], StringTypes, Scalar: true),
        ],
        [
            new(Dates, BytesType, [-1], StringTypes),
            new(Yhat, Fp64Type, [-1, -1], NumberTypes),
            new(YhatLower, Fp64Type, [-1, -1], NumberTypes),
            new(YhatUpper, Fp64Type, [-1, -1], NumberTypes),
            new(DataTo, BytesType, [1], StringTypes),
            new(DataAgeDays, Fp64Type, [1], NumberTypes),
        ]);

    public static IReadOnlyList<OutputTensor> Infer(IForecaster model, IReadOnlyDictionary<string, InputTensor> inputs, InferenceOptions options, ForecastStart start)
    {
        if (!inputs.TryGetValue(Horizon, out var horizonTensor))
        {
            throw new InferenceInputException($"'{Horizon}' is required: INT32 [1], the number of days to forecast, 1 to {options.MaxHorizon}.");
        }

        var horizon = horizonTensor.Long();
        if (horizon < 1 || horizon > options.MaxHorizon)
        {
            throw new InferenceInputException($"'{Horizon}' must be between 1 and {options.MaxHorizon}; got {horizon}.");
        }

        var level = inputs.TryGetValue(Level, out var levelTensor) ? levelTensor.Double() : DefaultLevel;
        if (!(level > 0 && level < 1))
        {
            throw new InferenceInputException($"'{Level}' must be strictly between 0 and 1 (e.g. 0.8 for an 80% interval); got {level.ToString(CultureInfo.InvariantCulture)}.");
        }

        string[] scopes = inputs.TryGetValue(Scope, out var scopeTensor) ? scopeTensor.Strings() : [ForecastScope.Shop];
        if (scopes.Length == 0)
        {
            throw new InferenceInputException($"'{Scope}' must hold at least one scope (shop, category:{{name}} or product:{{id}}).");
        }

        BatchLimit.Check(Scope, scopes.Length, options);
        var h = (int)horizon;
        var window = Window(model, inputs, h, start);
        var (yhat, lower, upper) = (new double[scopes.Length * h], new double[scopes.Length * h], new double[scopes.Length * h]);
        var dates = new string[h];
        for (var s = 0; s < scopes.Length; s++)
        {
            var points = model.Forecast(scopes[s], window, level);
            if (points is null || points.Count != h)
            {
                throw new InferenceInputException(
                    $"{Scope}[{s}] '{scopes[s]}' is not forecast by this model; it forecasts {string.Join(", ", model.Scopes.Take(5))}{(model.Scopes.Count > 5 ? ", …" : "")}.");
            }

            for (var d = 0; d < h; d++)
            {
                dates[d] = Day(points[d].Date);
                (yhat[(s * h) + d], lower[(s * h) + d], upper[(s * h) + d]) = (points[d].Predicted, points[d].Lower, points[d].Upper);
            }
        }

        long[] shape = [scopes.Length, h];
        return
        [
            new(Dates, BytesType, [h], dates, Batched: false),
            new(Yhat, Fp64Type, shape, yhat, Batched: true),
            new(YhatLower, Fp64Type, shape, lower, Batched: true),
            new(YhatUpper, Fp64Type, shape, upper, Batched: true),
            new(DataTo, BytesType, [1], new[] { Day(model.LastObservedDate) }, Batched: false),
            new(DataAgeDays, Fp64Type, [1], new double[] { start.DataAgeDays(model) }, Batched: false),
        ];
    }

    /// <summary>The days asked for: from <c>start</c> or today; a bad start is a 400, a model too old for them a 422.</summary>
    private static ForecastWindow Window(IForecaster model, IReadOnlyDictionary<string, InputTensor> inputs, int horizon, ForecastStart start)
    {
        DateOnly? asked = null;
        if (inputs.TryGetValue(Start, out var startTensor))
        {
            var text = startTensor.Strings()[0];
            if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
            {
                throw new InferenceInputException($"'{Start}' must be a date as yyyy-MM-dd; got '{text}'.");
            }

            asked = day;
        }

        var resolved = start.Resolve(model, asked, horizon);
        return resolved.Window ?? throw new InferenceInputException(
            resolved.Problem == ForecastWindowProblem.StartNotAfterData ? $"'{Start}': {resolved.Error}" : resolved.Error!,
            ForecastStart.StatusOf(resolved));
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
