namespace EcommerceMl.Ml.Data.Synthetic;

/// <summary>
/// The generator's calendar effects, as a pure multiplier on a customer's order rate:
/// a weekend lift, and a yearly cycle with a Christmas peak around 12 December (rising from
/// mid-November) and a mild summer lull around 1 August.
/// </summary>
internal static class Seasonality
{
    private const double PeakWidthDays = 14;
    private const double LullDepth = 0.15;
    private const double LullWidthDays = 20;

    public static double Multiplier(DateTime day, double weekendLift, double decemberPeak) =>
        Weekly(day, weekendLift) * Yearly(day, decemberPeak);

    public static double Weekly(DateTime day, double weekendLift) =>
        day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday ? weekendLift : 1.0;

    public static double Yearly(DateTime day, double decemberPeak)
    {
        var toPeak = CircularDays(day, new DateTime(day.Year, 12, 12));
        var toLull = CircularDays(day, new DateTime(day.Year, 8, 1));
        return (1.0 + (decemberPeak * Bump(toPeak, PeakWidthDays))) * (1.0 - (LullDepth * Bump(toLull, LullWidthDays)));
    }

    private static double Bump(double distance, double width) => Math.Exp(-0.5 * (distance / width) * (distance / width));

    /// <summary>Distance in days between two dates' positions in the year, wrapping at New Year.</summary>
    private static double CircularDays(DateTime day, DateTime anchor)
    {
        var d = Math.Abs((day.Date - anchor).TotalDays);
        return Math.Min(d, 365.25 - d);
    }
}
