namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// The state after some days: level, trend, and the seasonal index of each phase, where day t's
/// index is <c>Season[t mod m]</c> and <see cref="Time"/> is the next day's t.
/// </summary>
public sealed record EtsState(double Level, double Trend, double[] Season, int Time)
{
    public EtsState Copy() => this with { Season = (double[])Season.Clone() };
}
