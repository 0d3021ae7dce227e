using EcommerceMl.Ml.Forecasting.Calendar;
using EcommerceMl.Ml.Trees;

namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>
/// <c>lightgbm-demand</c>: one LightGBM regression over all products (see <see cref="DemandFeatures"/>,
/// <see cref="DemandRows"/>), conformal intervals from a temporal validation window
/// (<see cref="DemandCalibrator"/>), a trend label (<see cref="DemandTrends"/>). Keeps per product the
/// last <see cref="DemandFeatures.Window"/> days and its static features; the forecasts for the trained
/// horizon are computed once when the model is built or read, so a request only adds them up.
/// </summary>
public sealed class LightGbmDemandForecaster : IDemandForecaster
{
    public const string AlgorithmName = AlgorithmCatalogue.LightGbmDemand;

    /// <summary>The longest horizon served (days past the trained horizon repeat its last week).</summary>
    public const int MaxHorizon = 730;

    private readonly Dictionary<string, int> _index;
    private readonly double[][] _raw;
    private readonly double[] _shopRaw;
    private readonly bool[] _closed;

    internal LightGbmDemandForecaster(
        TreeEnsemble trees,
        HolidayCalendar calendar,
        bool yearlyFeatures,
        int trainedHorizon,
        double trendThreshold,
        DateOnly lastObservedDate,
        IReadOnlyList<ProductState> products,
        double[] shopWindow,
        DemandCalibrations calibrations)
    {
        Trees = trees;
        Calendar = calendar;
        YearlyFeatures = yearlyFeatures;
        TrainedHorizon = trainedHorizon;
        TrendThreshold = trendThreshold;
        LastObservedDate = lastObservedDate;
        Products = products;
        ShopWindow = shopWindow;
        Calibrations = calibrations;
        ProductIds = [.. products.Select(p => p.ProductId)];
        Scopes = [ForecastScope.Shop, .. products.Select(p => ForecastScope.Product(p.ProductId))];
        _index = products.Select((p, i) => (p.ProductId, i)).ToDictionary(x => x.ProductId, x => x.i, StringComparer.Ordinal);
        var table = new CalendarTable(calendar, lastObservedDate.AddDays(1), trainedHorizon, yearlyFeatures);
        _raw = [.. products.Select(p => DemandKernel.Predict(trees, p.Window, p.DaysOnSale, shopWindow, p.Statics, lastObservedDate, trainedHorizon, table))];
        _shopRaw = new double[trainedHorizon];
        foreach (var forecast in _raw)
        {
            for (var h = 0; h < trainedHorizon; h++)
            {
                _shopRaw[h] += forecast[h];
            }
        }

        _closed = calendar.ClosedMask(lastObservedDate.AddDays(1), MaxHorizon);
    }

    public string Task => ModelTask.Forecast;

    public string Algorithm => AlgorithmName;

    public string Measure => DailyMeasure.Units.Name();

    public IReadOnlyList<string> Scopes { get; }

    public IReadOnlyList<string> ProductIds { get; }

    public DateOnly LastObservedDate { get; }

    public int TrainedHorizon { get; }

    public double TrendThreshold { get; }

    public HolidayCalendar Calendar { get; }

    /// <summary>Whether day of month and day of year were features (two years of history).</summary>
    public bool YearlyFeatures { get; }

    internal TreeEnsemble Trees { get; }

    internal IReadOnlyList<ProductState> Products { get; }

    internal double[] ShopWindow { get; }

    internal DemandCalibrations Calibrations { get; }

    public IReadOnlyList<ForecastPoint>? Forecast(string scope, int horizon, double level)
    {
        ArgumentNullException.ThrowIfNull(scope);
        CheckHorizon(horizon);
        CheckLevel(level);
        var (raw, scale, calibration) = Resolve(scope, daily: true);
        if (raw is null)
        {
            return null;
        }

        var points = new ForecastPoint[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            var point = Daily(raw, h);
            var (lower, upper) = _closed[h - 1] ? (0, 0) : calibration!.Offsets(h, level, scale);
            points[h - 1] = new ForecastPoint(LastObservedDate.AddDays(h), point, Math.Max(0, point + lower), Math.Max(0, point + upper));
        }

        return points;
    }

    public DemandForecast? Demand(string productId, IReadOnlyList<int> horizonDays, double level)
    {
        ArgumentNullException.ThrowIfNull(productId);
        ArgumentNullException.ThrowIfNull(horizonDays);
        CheckLevel(level);
        foreach (var days in horizonDays)
        {
            CheckHorizon(days);
        }

        if (!_index.TryGetValue(productId, out var i))
        {
            return null;
        }

        var raw = _raw[i];
        var window = Products[i].Window;
        var scale = DemandFeatures.Scale(window);
        var totals = horizonDays.Select(days =>
        {
            var sum = 0.0;
            for (var h = 1; h <= days; h++)
            {
                sum += Daily(raw, h);
            }

            var (lower, upper) = Calibrations.ProductTotal.Offsets(days, level, days * scale);
            return new DemandTotal(days, sum, Math.Max(0, sum + lower), Math.Max(0, sum + upper));
        }).ToList();
        return new DemandForecast(productId, totals, Trend(raw, window));
    }

    public void Save(Stream stream) => DemandModelFormat.Write(this, stream);

    /// <summary>The trend of the shop's total or a product (see <see cref="DemandTrends"/>); null for an unknown scope.</summary>
    public DemandTrend? TrendOf(string scope)
    {
        var (raw, _, _) = Resolve(scope, daily: true);
        return raw is null ? null : Trend(raw, scope == ForecastScope.Shop ? ShopWindow : Products[_index[scope["product:".Length..]]].Window);
    }

    private DemandTrend Trend(double[] raw, double[] window)
    {
        var forecast = 0.0;
        var days = Math.Min(DemandTrends.Days, TrainedHorizon);
        for (var h = 1; h <= days; h++)
        {
            forecast += Daily(raw, h);
        }

        return DemandTrends.Classify(forecast / days, DemandFeatures.Mean(window, DemandTrends.Days), TrendThreshold);
    }

    /// <summary>Step h's forecast: 0 on a closed day; past the trained horizon, the same weekday of its last week.</summary>
    private double Daily(double[] raw, int step)
    {
        if (_closed[step - 1])
        {
            return 0;
        }

        var mapped = step <= TrainedHorizon ? step : step - (7 * (((step - TrainedHorizon) + 6) / 7));
        return raw[Math.Max(1, mapped) - 1];
    }

    private (double[]? Raw, double Scale, ConformalCalibration? Calibration) Resolve(string scope, bool daily)
    {
        if (scope == ForecastScope.Shop)
        {
            return (_shopRaw, DemandFeatures.Scale(ShopWindow), daily ? Calibrations.ShopDaily : Calibrations.ShopTotal);
        }

        const string prefix = "product:";
        if (scope.StartsWith(prefix, StringComparison.Ordinal) && _index.TryGetValue(scope[prefix.Length..], out var i))
        {
            return (_raw[i], DemandFeatures.Scale(Products[i].Window), daily ? Calibrations.ProductDaily : Calibrations.ProductTotal);
        }

        return (null, 0, null);
    }

    private static void CheckHorizon(int horizon)
    {
        if (horizon < 1 || horizon > MaxHorizon)
        {
            throw new ArgumentOutOfRangeException(nameof(horizon), horizon, $"The horizon must be between 1 and {MaxHorizon} days.");
        }
    }

    private static void CheckLevel(double level)
    {
        if (!(level > 0 && level < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(level), level, "The interval level must be strictly between 0 and 1, e.g. 0.8.");
        }
    }

    /// <param name="Window">The last <see cref="DemandFeatures.Window"/> days of units, the last being <see cref="LastObservedDate"/>.</param>
    /// <param name="DaysOnSale">Days from the first sale to the last observed day.</param>
    internal sealed record ProductState(string ProductId, double[] Window, int DaysOnSale, float[] Statics);
}

/// <summary>Conformal scores of the validation window: daily and cumulative-total errors, per product (pooled) and for the shop.</summary>
internal sealed record DemandCalibrations(ConformalCalibration ProductDaily, ConformalCalibration ProductTotal, ConformalCalibration ShopDaily, ConformalCalibration ShopTotal);
