using System.Collections.Immutable;
using EcommerceMl.Ml;
using Microsoft.AspNetCore.Http;

namespace EcommerceMl.Inference.Models;

/// <summary>
/// The models this server was asked to serve and where each stands. Written only by the loader,
/// read by every request: state is an immutable snapshot swapped under a lock, so reads take no lock.
/// </summary>
public sealed class ModelRegistry
{
    private readonly Lock _gate = new();
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private volatile Snapshot _state = new(ImmutableSortedDictionary.Create<string, ModelEntry>(StringComparer.Ordinal), false, "The model loader has not started yet.");

    /// <summary>Every configured model, sorted by name.</summary>
    public IReadOnlyList<ModelEntry> Models => [.. _state.Entries.Values];

    /// <summary>Why the list of models to serve is not known yet (no store, store unreachable, store empty); null once it is.</summary>
    public string? DiscoveryError => _state.Discovered ? null : _state.DiscoveryError;

    /// <summary>True when the models to serve are known, there is at least one, and every one is loaded.</summary>
    public bool IsReady => _state.IsReady;

    public ModelEntry? Find(string name) => _state.Entries.GetValueOrDefault(name);

    /// <summary>Completes once <see cref="IsReady"/> first becomes true; for hosts that print examples at start-up.</summary>
    public Task WaitUntilReadyAsync(CancellationToken cancellationToken = default) => _ready.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Resolves the model of <paramref name="task"/> a request asked for (<paramref name="name"/>) or,
    /// when it named none, the only one loaded. Failures carry the HTTP status the caller should answer with.
    /// </summary>
    public ModelSelection<T> Select<T>(string task, string? name)
        where T : class, ITrainedModel
    {
        var state = _state;
        if (!string.IsNullOrWhiteSpace(name))
        {
            return SelectNamed<T>(state, task, name);
        }

        var loaded = state.LoadedOf(task);
        return loaded.Count switch
        {
            1 => AsModel<T>(loaded[0], task),
            0 => ModelSelection<T>.Fail(
                StatusCodes.Status503ServiceUnavailable,
                $"No {task} model is loaded.",
                $"No {task} model is loaded. {Describe(state)}"),
            _ => ModelSelection<T>.Fail(
                StatusCodes.Status400BadRequest,
                "Choose a model.",
                $"Several {task} models are loaded ({string.Join(", ", loaded.Select(e => e.Name))}); choose one with 'model'."),
        };
    }

    internal void SetDiscoveryError(string error) => Swap(s => s with { DiscoveryError = error });

    /// <summary>Fixes the set of models to serve; each starts as <see cref="ModelStatus.Loading"/>.</summary>
    internal void Expect(IEnumerable<ModelEntry> entries) => Swap(s => s with
    {
        Entries = entries.ToImmutableSortedDictionary(e => e.Name, e => e, StringComparer.Ordinal),
        Discovered = true,
        DiscoveryError = null,
    });

    internal void Update(ModelEntry entry) => Swap(s => s with { Entries = s.Entries.SetItem(entry.Name, entry) });

    /// <summary>
    /// Hot swap: replaces <paramref name="current"/> with <paramref name="replacement"/> in one step, only if
    /// <paramref name="current"/> is still the entry for its name. A request that already holds the old entry
    /// finishes on it; the next request sees the new one. False when something else replaced it first.
    /// </summary>
    internal bool Replace(ModelEntry current, ModelEntry replacement)
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(replacement);
        var replaced = false;
        Swap(s =>
        {
            replaced = s.Entries.TryGetValue(current.Name, out var now) && ReferenceEquals(now, current);
            return replaced ? s with { Entries = s.Entries.SetItem(current.Name, replacement) } : s;
        });
        return replaced;
    }

    private void Swap(Func<Snapshot, Snapshot> change)
    {
        lock (_gate)
        {
            _state = change(_state);
        }

        if (_state.IsReady)
        {
            _ready.TrySetResult();
        }
    }

    private static ModelSelection<T> SelectNamed<T>(Snapshot state, string task, string name)
        where T : class, ITrainedModel
    {
        if (!state.Entries.TryGetValue(name, out var entry))
        {
            return ModelSelection<T>.Fail(
                StatusCodes.Status404NotFound,
                "Unknown model.",
                $"Model '{name}' is not served here. {Describe(state)}");
        }

        if (entry.Status != ModelStatus.Loaded)
        {
            return ModelSelection<T>.Fail(
                StatusCodes.Status503ServiceUnavailable,
                "Model not loaded.",
                $"Model '{name}' is {entry.Status.ToString().ToLowerInvariant()}{(entry.Error is null ? "" : ": " + entry.Error)}");
        }

        return entry.Task == task
            ? AsModel<T>(entry, task)
            : ModelSelection<T>.Fail(
                StatusCodes.Status400BadRequest,
                "Wrong kind of model.",
                $"Model '{name}' is a {entry.Task} model; this endpoint needs a {task} model. {Describe(state)}");
    }

    private static ModelSelection<T> AsModel<T>(ModelEntry entry, string task)
        where T : class, ITrainedModel =>
        entry.Model is T model
            ? ModelSelection<T>.Found(entry, model)
            : ModelSelection<T>.Fail(
                StatusCodes.Status500InternalServerError,
                "Model has the wrong type.",
                $"Model '{entry.Name}' is registered for task '{task}' but its loaded form is not a {typeof(T).Name}.");

    private static string Describe(Snapshot state)
    {
        if (!state.Discovered)
        {
            return state.DiscoveryError ?? "The models to serve are not known yet.";
        }

        var loaded = state.Entries.Values.Where(e => e.Status == ModelStatus.Loaded).Select(e => $"{e.Name} ({e.Task})").ToList();
        return loaded.Count == 0 ? "No model is loaded yet." : $"Loaded: {string.Join(", ", loaded)}.";
    }

    private sealed record Snapshot(ImmutableSortedDictionary<string, ModelEntry> Entries, bool Discovered, string? DiscoveryError)
    {
        private Dictionary<string, IReadOnlyList<ModelEntry>>? _loadedByTask;

        /// <summary>A <c>with</c> copy starts without the cache: its entries may differ.</summary>
        private Snapshot(Snapshot original)
        {
            Entries = original.Entries;
            Discovered = original.Discovered;
            DiscoveryError = original.DiscoveryError;
        }

        public bool IsReady => Discovered && !Entries.IsEmpty && Entries.Values.All(e => e.Status == ModelStatus.Loaded);

        /// <summary>Loaded models of a task, by name; computed once per snapshot, not per request.</summary>
        public IReadOnlyList<ModelEntry> LoadedOf(string task)
        {
            _loadedByTask ??= Entries.Values
                .Where(e => e is { Status: ModelStatus.Loaded, Task: not null })
                .GroupBy(e => e.Task!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => (IReadOnlyList<ModelEntry>)[.. g], StringComparer.Ordinal);
            return _loadedByTask.GetValueOrDefault(task) ?? [];
        }
    }
}
