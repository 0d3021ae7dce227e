using EcommerceMl.Ml.Forecasting.Calendar;

namespace EcommerceMl.Ml.Forecasting.Demand;

/// <param name="MaxHorizon">Steps the model is trained for (direct multi-horizon); later days repeat its last week.</param>
/// <param name="OriginStride">Days between training origins of one product (products are offset, so every weekday is an origin).</param>
/// <param name="HorizonSample">Each (product, origin) trains on one step in this many: rows stay a few hundred thousand.</param>
/// <param name="CalibrationDays">The temporal validation window: a first fit stops this many days before the end and its errors there calibrate the intervals.</param>
/// <param name="CalibrationStride">Days between calibration origins.</param>
/// <param name="TargetCap">Training targets (units ÷ scale) are capped here, so one wholesale order does not steer the trees.</param>
/// <param name="Refit">Refit on all days after calibrating (split-conformal scores from the first fit apply to the refit).</param>
/// <param name="TrendThreshold">Relative change of the next 30 days' mean over the last 30 days' that counts as rising or falling.</param>
public sealed record DemandOptions(
    HolidayCalendar Calendar,
    int MaxHorizon = 30,
    int Trees = 150,
    int Leaves = 63,
    double LearningRate = 0.05,
    int MinRowsPerLeaf = 100,
    int OriginStride = 7,
    int HorizonSample = 7,
    int CalibrationDays = 56,
    int CalibrationStride = 2,
    double TargetCap = 20,
    bool Refit = true,
    double TrendThreshold = 0.1,
    int Seed = 42);
