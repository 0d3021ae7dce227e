namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// Everything fitted to one series to forecast it with exponential smoothing, and nothing else
/// (so it can be stored): the AICc-selected <see cref="EtsModel"/> on the (optionally logged)
/// trading-day remainder after <see cref="CalendarEffects"/> (a yearly Fourier pattern when the
/// history spans <see cref="YearlyFourier.MinimumDays"/>, holiday effects), the closed weekdays,
/// and the conformal calibration when asked for. Evaluation and the served forecaster both
/// forecast through <see cref="Forecast"/>.
/// </summary>
public sealed class EtsSeriesModel
{
    /// <summary>Recent backtest origins of the conformal calibration (series under two years), and the days between them.</summary>
    public const int CalibrationOrigins = 26;
    public const int CalibrationStrideDays = 28;

    /// <summary>Offsets around the same day of earlier years (series of two years or more).</summary>
    public static readonly IReadOnlyList<int> SeasonalOriginOffsets = [-28, -14, 0, 14, 28];

    /// <summary>Least training days of a same-time-of-year origin.</summary>
    public const int MinimumSeasonalOriginDays = 365;

    /// <summary>
    /// Backtest origins (days of history before each) for a history of <paramref name="length"/>
    /// days: with a yearly pattern (≥ <see cref="YearlyFourier.MinimumDays"/>), the same time of year
    /// in every earlier year ± <see cref="SeasonalOriginOffsets"/>, with at least
    /// <see cref="MinimumSeasonalOriginDays"/> of training each; else every
    /// <see cref="CalibrationStrideDays"/> days back from one stride before the end, in its second half.
    /// </summary>
    public static IReadOnlyList<int> CalibrationOriginsFor(int length, EtsSeriesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var origins = new List<int>();
        if (options.Yearly && length >= YearlyFourier.MinimumDays)
        {
            for (var k = 1; length - (k * YearlyFourier.YearDays) + SeasonalOriginOffsets[^1] >= MinimumSeasonalOriginDays; k++)
            {
                var centre = (int)Math.Round(length - (k * YearlyFourier.YearDays));
                origins.AddRange(SeasonalOriginOffsets.Select(o => centre + o).Where(o => o >= MinimumSeasonalOriginDays && o < length));
            }

            return origins;
        }

        for (var k = 1; k <= CalibrationOrigins; k++)
        {
            var origin = length - (k * CalibrationStrideDays);
            if (origin < Math.Max(4 * options.Period, length / 2))
            {
                break;
            }

            origins.Add(origin);
        }

        return origins;
    }

    private static readonly DateOnly DefaultStart = new(2000, 1, 1);

    internal EtsSeriesModel(EtsModel model, CalendarEffects effects, bool log, int length, bool[] closed, bool nonNegative, ConformalCalibration? calibration)
    {
        Model = model;
        Effects = effects;
        Log = log;
        Length = length;
        Closed = closed;
        NonNegative = nonNegative;
        Calibration = calibration;
    }

    public EtsModel Model { get; }

    public CalendarEffects Effects { get; }

    public YearlyFourier? Yearly => Effects.Yearly;

    /// <summary>The model runs on ln(y): points are exp of its forecast (the median), bounds exp of its bounds.</summary>
    public bool Log { get; }

    /// <summary>Days of history: forecast step h is day Length + h − 1 of the series.</summary>
    public int Length { get; }

    /// <summary>Closed weekdays by position mod 7.</summary>
    internal bool[] Closed { get; }

    public bool NonNegative { get; }

    /// <summary>Scores of the backtest errors in the model's (transformed) scale per forecast σ.</summary>
    public ConformalCalibration? Calibration { get; }

    /// <param name="period">Weekly season length (7).</param>
    /// <param name="calibrate">Calibrate intervals conformally on a refitting backtest (slower).</param>
    public static EtsSeriesModel Fit(ReadOnlySpan<double> history, int period = 7, bool calibrate = false, bool yearly = true) =>
        Fit(history, DefaultStart, new EtsSeriesOptions(period, yearly), calibrate);

    /// <param name="start">The date of the history's first day (holidays are dated).</param>
    public static EtsSeriesModel Fit(ReadOnlySpan<double> history, DateOnly start, EtsSeriesOptions options, bool calibrate = false)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prepared = Prepare(history, start, options);
        var logs = TransformsToTry(options.Transform, prepared.Positive);

        var best = options.Selection == EtsSelection.Validation ? SelectByValidation(history, start, options, prepared, logs) : null;
        var bestCriterion = double.PositiveInfinity;
        foreach (var log in best is null ? logs : [])
        {
            var candidate = FitCore(prepared, start, options, log, null);
            var criterion = candidate.Model.Aicc + (log ? 2 * JacobianSum(prepared.Masked) : 0);
            if (best is null || criterion < bestCriterion)
            {
                best = candidate;
                bestCriterion = criterion;
            }
        }

        if (!calibrate)
        {
            return best!;
        }

        var calibration = Backtest(history, start, options, best!.Log, best.Model.Spec);
        return new EtsSeriesModel(best.Model, best.Effects, best.Log, best.Length, best.Closed, best.NonNegative, calibration);
    }

    /// <summary>Whether to fit on y (false) and/or ln y (true): the log needs a strictly positive series.</summary>
    private static bool[] TransformsToTry(EtsTransform transform, bool positive) => transform switch
    {
        EtsTransform.None => [false],
        _ when !positive => [false],
        EtsTransform.Log => [true],
        _ => [false, true],
    };

    /// <summary>
    /// Every model form (<see cref="EtsSpec.Candidates"/>) under every transform the options allow,
    /// each fitted as <see cref="Fit(ReadOnlySpan{double}, DateOnly, EtsSeriesOptions, bool)"/> fits
    /// its pick, with its AICc on y's scale (the log's Jacobian added, as the selection compares
    /// them). Forms that cannot be fitted are left out. For combinations (<see cref="EtsCombinationMethod"/>).
    /// </summary>
    public static IReadOnlyList<(EtsSeriesModel Model, double Aicc)> FitEveryForm(ReadOnlySpan<double> history, DateOnly start, EtsSeriesOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prepared = Prepare(history, start, options);
        var logs = TransformsToTry(options.Transform, prepared.Positive);

        var fitted = new List<(EtsSeriesModel, double)>();
        foreach (var log in logs)
        {
            var jacobian = log ? 2 * JacobianSum(prepared.Masked) : 0;
            foreach (var spec in EtsSpec.Candidates(options.Period))
            {
                try
                {
                    var model = FitCore(prepared, start, options, log, spec);
                    if (double.IsFinite(model.Model.Aicc))
                    {
                        fitted.Add((model, model.Model.Aicc + jacobian));
                    }
                }
                catch (ArgumentException)
                {
                    // Too few observed days for this form's parameters: it takes no part.
                }
            }
        }

        return fitted.Count > 0
            ? fitted
            : throw new ArgumentException($"No exponential-smoothing form could be fitted to a series of {history.Length} days.", nameof(history));
    }

    /// <summary>Steps 1..<paramref name="horizon"/>: closed days 0 with no width; intervals conformal when calibrated.</summary>
    public SeriesForecast Forecast(int horizon, bool calibrated = true)
    {
        var (z, sd) = Transformed(horizon);
        var point = new double[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            point[h - 1] = IsClosed(h) ? 0 : Back(z[h - 1]);
        }

        var calibration = calibrated ? Calibration : null;
        (double, double) Offsets(int step, double level)
        {
            if (IsClosed(step))
            {
                return (0, 0);
            }

            var s = sd[step - 1];
            var (low, high) = calibration is null
                ? (-NormalQuantile.Of((1 + level) / 2) * s, NormalQuantile.Of((1 + level) / 2) * s)
                : calibration.Offsets(step, level, s);
            var centre = z[step - 1];
            return Log ? (Math.Exp(centre + low) - Math.Exp(centre), Math.Exp(centre + high) - Math.Exp(centre)) : (low, high);
        }

        return new SeriesForecast(point, Offsets, NonNegative);
    }

    /// <summary>Forecast and its σ per step in the model's scale (log when <see cref="Log"/>), before closures.</summary>
    internal (double[] Point, double[] Sd) Transformed(int horizon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        var z = Model.Point(horizon);
        for (var h = 1; h <= horizon; h++)
        {
            z[h - 1] += Effects.At(Length + h - 1);
        }

        return (z, Model.StandardDeviations(horizon));
    }

    private double Back(double z) => Log ? Math.Exp(z) : z;

    private bool IsClosed(int step) => Closed[(Length + step - 1) % 7] || Effects.IsClosed(Length + step - 1);

    private sealed record Prepared(double[] Masked, bool[] Closed, bool NonNegative, bool Positive, int Length);

    /// <summary>Closures (learnt weekdays, closure zeros, the calendar's closed days) become unobserved.</summary>
    private static Prepared Prepare(ReadOnlySpan<double> history, DateOnly start, EtsSeriesOptions options)
    {
        // The calendar's closed days go first, so that the learnt rules (closed weekdays, zeros
        // that are closures) judge the days the calendar does not already explain.
        var calendar = options.CalendarOrNone;
        var open = history.ToArray();
        for (var t = 0; t < open.Length; t++)
        {
            if (calendar.IsClosed(start.AddDays(t)))
            {
                open[t] = double.NaN;
            }
        }

        var closed = TradingDays.ClosedPhases(open);
        var masked = TradingDays.Mask(open, closed);
        var positive = masked.All(v => double.IsNaN(v) || v > 0);
        return new Prepared(masked, closed, SeriesGaps.IsNonNegative(history), positive, history.Length);
    }

    private static EtsSeriesModel FitCore(Prepared prepared, DateOnly start, EtsSeriesOptions options, bool log, EtsSpec? spec)
    {
        var z = log ? [.. prepared.Masked.Select(v => Math.Log(v))] : prepared.Masked;
        var order = options.Yearly && prepared.Length >= YearlyFourier.MinimumDays ? options.FourierOrder : 0;
        var regressors = CalendarRegressors.Build(z, start, order, options.CalendarOrNone);
        var (model, beta) = EtsRegressionFitter.Fit(z, regressors.Columns, options.Period, spec is null ? null : [spec]);
        if (options.FitHorizon > 0)
        {
            model = EtsFitter.FitMultiStep(model, EtsRegressionFitter.Remainder(z, regressors.Columns, beta), options.FitHorizon) ?? model;
        }

        var effects = regressors.Effects(start, options.CalendarOrNone, beta);
        return new EtsSeriesModel(model, effects, log, prepared.Length, prepared.Closed, prepared.NonNegative, null);
    }

    /// <summary>
    /// The transform and trend whose refits at the validation origins forecast best (mean absolute
    /// error in the series' units over 1..FitHorizon days, closed days left out), fitted on the whole
    /// history. Null when the history is too short for any origin. Error type does not change a
    /// point forecast, so candidates have additive error; the weekly season is always in.
    /// </summary>
    private static EtsSeriesModel? SelectByValidation(ReadOnlySpan<double> span, DateOnly start, EtsSeriesOptions options, Prepared prepared, bool[] logs)
    {
        var history = span.ToArray();
        var horizon = Math.Max(options.FitHorizon, 1);
        var specs = new[] { EtsTrend.None, EtsTrend.Additive, EtsTrend.DampedAdditive }
            .Select(trend => new EtsSpec(EtsError.Additive, trend, options.Period)).ToList();
        var origins = Enumerable.Range(1, EtsSeriesOptions.ValidationOrigins)
            .Select(k => history.Length - (k * EtsSeriesOptions.ValidationStrideDays))
            .Where(o => o >= Math.Max(4 * options.Period, history.Length / 2))
            .ToList();
        if (origins.Count == 0)
        {
            return null;
        }

        var pasts = origins.ToDictionary(o => o, o => Prepare(history[..o], start, options));
        (bool Log, EtsSpec Spec)? best = null;
        var bestError = double.PositiveInfinity;
        foreach (var log in logs)
        {
            foreach (var spec in specs)
            {
                double sum = 0;
                var count = 0;
                foreach (var origin in origins)
                {
                    SeriesForecast forecast;
                    var steps = Math.Min(horizon, history.Length - origin);
                    try
                    {
                        forecast = FitCore(pasts[origin], start, options, log, spec).Forecast(steps, calibrated: false);
                    }
                    catch (ArgumentException)
                    {
                        sum = double.PositiveInfinity;
                        break;
                    }

                    for (var h = 1; h <= steps; h++)
                    {
                        var actual = prepared.Masked[origin + h - 1];
                        if (!double.IsNaN(actual))
                        {
                            sum += Math.Abs(actual - forecast.Point[h - 1]);
                            count++;
                        }
                    }
                }

                var error = count == 0 ? double.PositiveInfinity : sum / count;
                if (error < bestError)
                {
                    (best, bestError) = ((log, spec), error);
                }
            }
        }

        return best is { } chosen ? FitCore(prepared, start, options, chosen.Log, chosen.Spec) : null;
    }

    private static double JacobianSum(double[] masked) => masked.Where(v => !double.IsNaN(v)).Sum(v => Math.Log(v));

    /// <summary>
    /// Rolling-origin residuals inside the history, each origin refit on the days before it (the
    /// transform and model form kept, every parameter and calendar effect re-estimated) and scored
    /// on every later observed day, so long horizons get scores from many origins. Scores are errors
    /// in the model's scale over the forecast σ at that step, pooled per horizon bucket.
    /// Which origins (<see cref="CalibrationOriginsFor"/>): conformal coverage holds when the
    /// calibration errors are exchangeable with the forecast's, and a series with a yearly cycle
    /// is harder to forecast at some times of year (Peyton Manning's page views turn at the NFL
    /// season's start and end), so with two years or more the origins sit at the same time of year
    /// as the forecast origin in earlier years; otherwise they are the last months' origins.
    /// </summary>
    private static ConformalCalibration? Backtest(ReadOnlySpan<double> history, DateOnly start, EtsSeriesOptions options, bool log, EtsSpec spec)
    {
        var full = Prepare(history, start, options);
        var scores = new List<(int Step, double Score)>();
        foreach (var origin in CalibrationOriginsFor(history.Length, options))
        {
            EtsSeriesModel fitted;
            try
            {
                fitted = FitCore(Prepare(history[..origin], start, options), start, options, log, spec);
            }
            catch (ArgumentException)
            {
                continue;
            }

            var steps = history.Length - origin;
            var (z, sd) = fitted.Transformed(steps);
            for (var h = 1; h <= steps; h++)
            {
                var actual = full.Masked[origin + h - 1];
                if (double.IsNaN(actual) || fitted.IsClosed(h) || !(sd[h - 1] > 0))
                {
                    continue;
                }

                scores.Add((h, ((log ? Math.Log(actual) : actual) - z[h - 1]) / sd[h - 1]));
            }
        }

        return scores.Count == 0 ? null : ConformalCalibration.FromScores(scores);
    }
}
