namespace EcommerceMl.Ml.Forecasting.Holidays;

/// <summary>
/// One dated event of a calendar: its effect spans <see cref="DaysBefore"/> days before to
/// <see cref="DaysAfter"/> days after <see cref="Date"/> (Prophet's lower/upper window), one effect
/// per offset. <see cref="Closed"/>: the shop does not trade on the day itself (a bank holiday at a
/// retailer that closes on them), so it is fitted as unobserved and forecast as 0.
/// </summary>
public sealed record HolidayEvent(string Name, DateOnly Date, int DaysBefore = 0, int DaysAfter = 0, bool Closed = false);

/// <summary>
/// A named set of dated events (pure). Events of the same name share their effects, so a model
/// learns "the day after a playoff game" once from every past playoff and applies it to future ones.
/// The interface is deliberately small (what is on a date, is the shop closed) so a shared
/// trading calendar can stand behind it later.
/// </summary>
public sealed class HolidayCalendar
{
    private readonly Dictionary<DateOnly, List<string>> _effectsByDate = [];
    private readonly HashSet<DateOnly> _closed = [];

    public HolidayCalendar(string name, IEnumerable<HolidayEvent> events)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(events);
        Name = name;
        Events = [.. events];
        foreach (var e in Events)
        {
            if (string.IsNullOrWhiteSpace(e.Name) || e.DaysBefore < 0 || e.DaysAfter < 0 || e.DaysBefore + e.DaysAfter > 30)
            {
                throw new ArgumentException($"Calendar '{name}': the event '{e.Name}' on {e.Date:yyyy-MM-dd} needs a name and a window of 0..30 days around its date.", nameof(events));
            }

            if (e.Closed)
            {
                _closed.Add(e.Date);
            }

            for (var offset = -e.DaysBefore; offset <= e.DaysAfter; offset++)
            {
                var key = EffectKey(e.Name, offset);
                var date = e.Date.AddDays(offset);
                if (!_effectsByDate.TryGetValue(date, out var keys))
                {
                    _effectsByDate[date] = keys = [];
                }

                if (!keys.Contains(key, StringComparer.Ordinal))
                {
                    keys.Add(key);
                }
            }
        }
    }

    public string Name { get; }

    public IReadOnlyList<HolidayEvent> Events { get; }

    /// <summary>The effects active on <paramref name="date"/>, as keys "name@offset" (e.g. "playoff@+1").</summary>
    public IReadOnlyList<string> EffectsOn(DateOnly date) => _effectsByDate.TryGetValue(date, out var keys) ? keys : [];

    /// <summary>True when the shop does not trade on <paramref name="date"/>.</summary>
    public bool IsClosed(DateOnly date) => _closed.Contains(date);

    public static string EffectKey(string name, int offset) => $"{name}@{offset:+0;-0;0}";
}
