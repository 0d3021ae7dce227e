using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Forecasting.Calendar;

/// <summary>
/// The <c>calendar</c> hyperparameter every forecast algorithm that uses one shares (ets,
/// lightgbm-demand): a preset name, a spec or the path of a spec file (<see cref="HolidayCalendar.Resolve"/>).
/// </summary>
internal static class CalendarHyperparameter
{
    public const string Key = HyperparameterKeys.Ets.Calendar;

    /// <summary>The calendar the request names (or <paramref name="defaultValue"/>) and the value to record; a bad value is an invalid request naming the hyperparameter and the presets.</summary>
    public static (HolidayCalendar Calendar, string Value) Resolve(TrainingRequest request, string defaultValue)
    {
        ArgumentNullException.ThrowIfNull(request);
        var value = request.Hyperparameters.GetValueOrDefault(Key) ?? defaultValue;
        try
        {
            return (HolidayCalendar.Resolve(value), value);
        }
        catch (FormatException error)
        {
            throw new InvalidTrainingRequestException($"Hyperparameter '{Key}' of algorithm '{request.Algorithm}': {error.Message}");
        }
    }
}
