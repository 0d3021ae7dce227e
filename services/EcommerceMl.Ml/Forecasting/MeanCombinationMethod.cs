namespace EcommerceMl.Ml.Forecasting;

/// <summary>
/// The equal-weight mean of other methods' forecasts (<see cref="ForecastCombination.Mean"/>), named
/// after them, e.g. <c>mean(ets,seasonal-naive)</c>: simple averages are hard to beat (M3, M4), as
/// the members' errors partly cancel. Each member fits the same history.
/// </summary>
public sealed class MeanCombinationMethod : ISeriesForecastMethod
{
    private readonly IReadOnlyList<ISeriesForecastMethod> _members;

    public MeanCombinationMethod(IReadOnlyList<ISeriesForecastMethod> members)
    {
        ArgumentNullException.ThrowIfNull(members);
        if (members.Count < 2)
        {
            throw new ArgumentException($"A combination needs two members at least; got {members.Count}.", nameof(members));
        }

        _members = members;
    }

    public string Name => $"mean({string.Join(',', _members.Select(m => m.Name))})";

    public SeriesForecast Forecast(ReadOnlySpan<double> history, int horizon)
    {
        var members = new List<SeriesForecast>(_members.Count);
        foreach (var member in _members)
        {
            members.Add(member.Forecast(history, horizon));
        }

        return ForecastCombination.Mean(members);
    }

    public SeriesForecast Forecast(DailySeries history, int horizon)
    {
        ArgumentNullException.ThrowIfNull(history);
        return ForecastCombination.Mean([.. _members.Select(m => m.Forecast(history, horizon))]);
    }
}
