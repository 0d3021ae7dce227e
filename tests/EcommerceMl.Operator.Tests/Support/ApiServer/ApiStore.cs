using System.Globalization;
using System.Text.Json.Nodes;

namespace EcommerceMl.Operator.Tests.Support.ApiServer;

/// <summary>
/// The storage behind the API test server: objects as JSON under one lock, one global
/// resourceVersion counter, and an event log the watches read from (compactable, so tests can
/// make a watch's resourceVersion too old). The write rules live in <see cref="ApiWrites"/>.
/// </summary>
internal sealed class ApiStore(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly SortedDictionary<(string Resource, string Ns, string Name), JsonObject> _objects = [];
    private readonly List<StoredEvent> _log = [];
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _resourceVersion = 100;
    private long _compactedThrough;

    private int _openWatches;

    public TimeProvider Time => time;

    /// <summary>Watches being served right now.</summary>
    public int OpenWatches => Volatile.Read(ref _openWatches);

    public void WatchOpened() => Interlocked.Increment(ref _openWatches);

    public void WatchClosed() => Interlocked.Decrement(ref _openWatches);

    /// <summary>Completes at the next write or watch signal (bookmark, close).</summary>
    public Task Changed
    {
        get
        {
            lock (_gate)
            {
                return _changed.Task;
            }
        }
    }

    /// <summary>Incremented by <see cref="RequestBookmarks"/>: watches with bookmarks send one when it moves.</summary>
    public long BookmarkRequests { get; private set; }

    /// <summary>Incremented by <see cref="CloseWatches"/>: open watches end (without a line if none was sent).</summary>
    public long CloseRequests { get; private set; }

    public long CurrentVersion
    {
        get
        {
            lock (_gate)
            {
                return _resourceVersion;
            }
        }
    }

    public void RequestBookmarks() => Signal(() => BookmarkRequests++);

    public void CloseWatches() => Signal(() => CloseRequests++);

    /// <summary>Forgets the event history: a watch from any earlier resourceVersion now gets 410 Expired.</summary>
    public void Compact() => Signal(() =>
    {
        _compactedThrough = _resourceVersion;
        _log.Clear();
    });

    /// <summary>Runs <paramref name="action"/> under the store's lock (all reads and writes go through here).</summary>
    public T Locked<T>(Func<StoreTransaction, T> action)
    {
        lock (_gate)
        {
            return action(new StoreTransaction(this));
        }
    }

    private void Signal(Action change)
    {
        lock (_gate)
        {
            change();
            var changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.SetResult();
        }
    }

    /// <summary>Access to the store's state while its lock is held.</summary>
    internal readonly struct StoreTransaction(ApiStore store)
    {
        public long ResourceVersion => store._resourceVersion;

        public long CompactedThrough => store._compactedThrough;

        public JsonObject? Get(ServedResource r, string ns, string name) =>
            store._objects.TryGetValue((r.Key, ns, name), out var o) ? o : null;

        public IEnumerable<JsonObject> All(ServedResource r, string? ns) =>
            store._objects.Where(p => p.Key.Resource == r.Key && (ns is null || p.Key.Ns == ns)).Select(p => p.Value);

        public IEnumerable<JsonObject> AllResources() => store._objects.Values;

        public IEnumerable<StoredEvent> EventsAfter(long resourceVersion) => store._log.Where(e => e.ResourceVersion > resourceVersion);

        public string NextVersion() => (++store._resourceVersion).ToString(CultureInfo.InvariantCulture);

        public string Now() => WholeSeconds(store.Time.GetUtcNow());

        /// <summary>Stores (or with <paramref name="type"/> DELETED removes) the object, logs the event and wakes the watches.</summary>
        public void Commit(ServedResource r, string type, JsonObject? old, JsonObject obj)
        {
            var key = (r.Key, obj["metadata"]!["namespace"]!.GetValue<string>(), obj["metadata"]!["name"]!.GetValue<string>());
            if (type == "DELETED")
            {
                store._objects.Remove(key);
            }
            else
            {
                store._objects[key] = obj;
            }

            var version = long.Parse(obj["metadata"]!["resourceVersion"]!.GetValue<string>(), CultureInfo.InvariantCulture);
            store._log.Add(new StoredEvent(version, r, type, old?.DeepClone().AsObject(), obj.DeepClone().AsObject()));
            var changed = store._changed;
            store._changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            changed.SetResult();
        }

        private static string WholeSeconds(DateTimeOffset now) => now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
    }
}

/// <summary>One change in the log: its resourceVersion, the kind, ADDED/MODIFIED/DELETED, the state before and after.</summary>
internal sealed record StoredEvent(long ResourceVersion, ServedResource Resource, string Type, JsonObject? Old, JsonObject Object);
