namespace EcommerceMl.Artifacts.Events;

/// <summary>
/// What an <see cref="EventSinkReader"/>'s column reads did with compacted hours: how many they copied, how many they
/// wrote back, and how many they could not write (the first error's message, which names the object).
/// </summary>
public sealed record EventCompactionCounts(int HoursRead, int HoursWritten, int Failures, string? FirstError)
{
    /// <summary>The lines a run's notes carry: what was copied and written, and a failure to write with its reason; none when nothing was compacted.</summary>
    public IEnumerable<string> Notes()
    {
        if (HoursRead > 0 || HoursWritten > 0)
        {
            yield return $"events: {HoursRead:N0} hour(s) of the window read from their compacted objects, {HoursWritten:N0} closed hour(s) compacted by this read";
        }

        if (Failures > 0)
        {
            yield return $"events: could not write a compacted hour, so the sink's closed hours stay text (read correctly, more slowly) — {FirstError}";
        }
    }
}
