using EcommerceMl.Ml.Forecasting.Calendar;

namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>How a series is transformed before smoothing. <see cref="Auto"/>: log when every observed trading day is positive and its AICc (with the log's Jacobian, so the two compare on y's scale) is lower.</summary>
/// <summary>
/// How the model form (transform, trend, season) is chosen. <see cref="Aicc"/>: the lowest AICc over
/// every error × trend × season form and transform. <see cref="Validation"/>: the lowest mean
/// absolute error, in the series' units, of forecasts 1..FitHorizon days ahead from
/// <see cref="EtsSeriesOptions.ValidationOrigins"/> origins 28 days apart at the end of the history,
/// each refit on the days before it (rolling origin inside the training window).
/// </summary>
public enum EtsSelection
{
    Aicc,
    Validation,
}

public enum EtsTransform
{
    None,
    Log,
    Auto,
}

/// <param name="Period">Weekly season length (7).</param>
/// <param name="Yearly">Estimate a yearly Fourier pattern when the history spans <see cref="YearlyFourier.MinimumDays"/>.</param>
/// <param name="FourierOrder">Yearly Fourier order (Prophet's default 10).</param>
/// <param name="Calendar">Holidays as regressors, and the days the shop is closed (null: none).</param>
/// <param name="Transform">Log or not, or chosen by AICc.</param>
/// <param name="FitHorizon">0: smoothing parameters by maximum likelihood; H &gt; 0: the form is chosen by AICc, then its parameters minimise the 1..H-step squared errors (<see cref="EtsMultiStep"/>).</param>
public sealed record EtsSeriesOptions(
    int Period = 7,
    bool Yearly = true,
    int FourierOrder = YearlyFourier.DefaultOrder,
    HolidayCalendar? Calendar = null,
    EtsTransform Transform = EtsTransform.Auto,
    int FitHorizon = EtsSeriesOptions.DefaultFitHorizon,
    EtsSelection Selection = EtsSelection.Aicc)
{
    /// <summary>Four weeks: the horizon a shop plans on, and the online-retail protocol's.</summary>
    public const int DefaultFitHorizon = 28;

    /// <summary>Origins of the validation selection (28 days apart): the last four months.</summary>
    public const int ValidationOrigins = 4;

    public const int ValidationStrideDays = 28;

    public HolidayCalendar CalendarOrNone => Calendar ?? HolidayCalendar.None;
}
