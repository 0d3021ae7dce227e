using System.Collections.Concurrent;
using System.Globalization;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// Which watches are failing and since when. A watch retries forever (<see cref="ResourceWatcher{T}"/>),
/// so a failure is never the end of it; but one that has not listed or watched successfully for
/// <paramref name="blindAfter"/> leaves its controller blind, and the process says so on its liveness
/// endpoint (<c>/healthz</c> answers 503 naming the watch), so the kubelet restarts it instead of it
/// running on, silently deaf to changes.
/// </summary>
internal sealed class WatchHealth(TimeProvider time, TimeSpan blindAfter)
{
    /// <summary>client-go's reflector gives up on nothing; a liveness probe that fails after 5 minutes of failures is our equivalent of its loud crash.</summary>
    public static readonly TimeSpan DefaultBlindAfter = TimeSpan.FromMinutes(5);

    private readonly ConcurrentDictionary<string, (DateTimeOffset Since, string Error)> _failing = new(StringComparer.Ordinal);

    /// <summary>The watch failed (again): it counts as failing from its first failure since it last worked.</summary>
    public void Failed(string watch, Exception error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var now = time.GetUtcNow();
        _failing.AddOrUpdate(watch, _ => (now, error.Message), (_, failing) => (failing.Since, error.Message));
    }

    /// <summary>The watches failing now, however briefly.</summary>
    public IReadOnlyCollection<string> Failing => [.. _failing.Keys];

    /// <summary>The watch listed or watched successfully.</summary>
    public void Healthy(string watch) => _failing.TryRemove(watch, out _);

    /// <summary>The watches failing for at least the threshold, each with since when and its last error; empty when all is well.</summary>
    public IReadOnlyList<string> Blind()
    {
        var now = time.GetUtcNow();
        return [.. _failing
            .Where(f => now - f.Value.Since >= blindAfter)
            .OrderBy(f => f.Key, StringComparer.Ordinal)
            .Select(f => string.Create(CultureInfo.InvariantCulture, $"watch of {f.Key} failing since {f.Value.Since:yyyy-MM-ddTHH:mm:ssZ}: {f.Value.Error}"))];
    }
}
