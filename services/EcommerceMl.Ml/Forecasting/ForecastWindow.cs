namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// The days a forecast answers: <see cref="Horizon"/> days from <see cref="Start"/>, from a model whose data ends on
/// <see cref="DataEnd"/>. A model forecasts step by step from the day after its data; the days between that and
/// <see cref="Start"/> (the gap) are forecast through and dropped, so every algorithm's interval at the first asked
/// day is the one it gives that many steps ahead — it widens with the gap as it widens with the step.
/// </summary>
public readonly record struct ForecastWindow(DateOnly DataEnd, DateOnly Start, int Horizon)
{
    /// <summary>The most steps past its data's last day any forecaster computes (their <c>MaxHorizon</c>, two years).</summary>
    public const int MaxStepsPastData = 730;

    /// <summary>Days between the data's last day and <see cref="Start"/>, forecast but not answered.</summary>
    public int GapDays => Start.DayNumber - DataEnd.DayNumber - 1;

    /// <summary>Steps the model forecasts: the gap, then the horizon.</summary>
    public int Steps => GapDays + Horizon;

    public DateOnly End => Start.AddDays(Horizon - 1);

    /// <summary>The calendar day it is at <paramref name="now"/> in the shop's time zone.</summary>
    public static DateOnly Today(DateTimeOffset now, TimeZoneInfo shopTimeZone)
    {
        ArgumentNullException.ThrowIfNull(shopTimeZone);
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, shopTimeZone).DateTime);
    }

    /// <summary>Whole days from the data's last day to today: 0 when the data includes today.</summary>
    public static int DataAgeDays(DateOnly dataEnd, DateOnly today) => today.DayNumber - dataEnd.DayNumber;

    /// <summary>
    /// The window a request gets: from <paramref name="start"/> when it gives one (it must be after the data's last
    /// day), else from today — or the day after the data when the data already covers today, since a forecast never
    /// answers for a day the model has seen. Refused when the gap is longer than <paramref name="maxGapDays"/> (the
    /// model is too old for the range asked) or the range ends past <see cref="MaxStepsPastData"/>.
    /// </summary>
    public static ForecastWindowResult Resolve(DateOnly dataEnd, DateOnly today, DateOnly? start, int horizon, int maxGapDays)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(horizon, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(maxGapDays);
        var first = dataEnd.AddDays(1);
        if (start is { } asked && asked < first)
        {
            return ForecastWindowResult.Refused(
                ForecastWindowProblem.StartNotAfterData,
                $"start {asked:yyyy-MM-dd} is not after the model's data, which ends {dataEnd:yyyy-MM-dd}: a forecast starts {first:yyyy-MM-dd} at the earliest.");
        }

        var window = new ForecastWindow(dataEnd, start ?? (today > dataEnd ? today : first), horizon);
        if (window.GapDays > maxGapDays)
        {
            return ForecastWindowResult.Refused(
                ForecastWindowProblem.ModelTooOld,
                $"The model's data ends {dataEnd:yyyy-MM-dd}: a forecast from {window.Start:yyyy-MM-dd} would first forecast the {window.GapDays} day{(window.GapDays == 1 ? "" : "s")} between, "
                + $"and at most {maxGapDays} are forecast through. Retrain it on recent data, or ask for a start no later than {dataEnd.AddDays(maxGapDays + 1):yyyy-MM-dd}.");
        }

        if (window.Steps > MaxStepsPastData)
        {
            return ForecastWindowResult.Refused(
                ForecastWindowProblem.ModelTooOld,
                $"The model's data ends {dataEnd:yyyy-MM-dd}; a forecast to {window.End:yyyy-MM-dd} reaches {window.Steps} days past it, and models forecast at most {MaxStepsPastData}. Retrain it on recent data or ask for fewer days.");
        }

        return new ForecastWindowResult(window, null, null);
    }
}

/// <summary>Why a window was refused: a bad <c>start</c> (the request's fault, 400) or a model too old for the range (422).</summary>
public enum ForecastWindowProblem
{
    StartNotAfterData,
    ModelTooOld,
}

/// <summary>The resolved window, or the problem and a message naming the data's end.</summary>
public sealed record ForecastWindowResult(ForecastWindow? Window, ForecastWindowProblem? Problem, string? Error)
{
    internal static ForecastWindowResult Refused(ForecastWindowProblem problem, string error) => new(null, problem, error);
}

public static class ForecasterWindowExtensions
{
    /// <summary>The forecast of <paramref name="scope"/> over <paramref name="window"/>: the model's steps through the gap, the gap dropped. Null for an unknown scope.</summary>
    public static IReadOnlyList<ForecastPoint>? Forecast(this IForecaster forecaster, string scope, ForecastWindow window, double level)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        var points = forecaster.Forecast(scope, window.Steps, level);
        return points is null || window.GapDays == 0 ? points : [.. points.Skip(window.GapDays)];
    }
}
