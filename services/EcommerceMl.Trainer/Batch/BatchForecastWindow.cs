using EcommerceMl.Ml.Forecasting;

namespace EcommerceMl.Trainer.Batch;

/// <summary>The days a batch forecast writes, as the inference server picks them (<see cref="ForecastWindow.Resolve"/>); a bad start or a model too old is input to fix (exit 2).</summary>
public static class BatchForecastWindow
{
    public static ForecastWindow Resolve(IForecaster forecaster, BatchOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(forecaster);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(options.TimeZone, out var zone))
        {
            throw new ArgumentException($"--time-zone '{options.TimeZone}' is not a time zone this system knows; give an IANA id such as UTC or Europe/London");
        }

        if (options.MaxGapDays < 0 || options.Horizon < 1)
        {
            throw new ArgumentException(options.Horizon < 1 ? $"--horizon must be at least 1, not {options.Horizon}" : $"--max-gap-days must be 0 or more, not {options.MaxGapDays}");
        }

        var resolved = ForecastWindow.Resolve(forecaster.LastObservedDate, ForecastWindow.Today(time.GetUtcNow(), zone), options.Start, options.Horizon, options.MaxGapDays);
        return resolved.Window ?? throw new ArgumentException(
            resolved.Problem == ForecastWindowProblem.ModelTooOld ? $"{resolved.Error} (--start, --max-gap-days)" : $"--{resolved.Error}");
    }
}
