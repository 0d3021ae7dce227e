using EcommerceMl.Contracts;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Contracts.Observability;

namespace EcommerceMl.Inference.Observability;

/// <summary>
/// Which model version an accepted event converts for: the one its <c>recommendationId</c> names
/// (<see cref="RecommendationIds"/>), when the event is one of <see cref="ServingMetrics.ConversionKinds"/>. Pure
/// apart from the versions it remembers; not thread-safe (the caller locks).
/// </summary>
/// <remarks>
/// A client can send any <c>recommendationId</c>, and every (model, version) it names would become a Prometheus series
/// kept for the life of the process. So the labels are bounded: the model must be one this server serves (the
/// Deployment's stable and canary Pods serve the same model name, so a Pod knows every name its traffic's ids carry),
/// the version must be a version id (<see cref="ModelVersions"/>: the trainer makes no other), and at most
/// <see cref="MaxVersionsPerModel"/> versions of a model are labelled at once. The versions cannot be limited to the
/// ones this Pod serves: a stable Pod receives the events that follow the canary's answers. When a new version would
/// pass the bound, the version least recently converted for is forgotten (<see cref="Attribution.Forgotten"/>, so its
/// series can be dropped; if it comes back its counters restart from 0, which <c>rate()</c> and interval deltas read as
/// a counter reset). The live versions — the ones shoppers are converting on now — are therefore always labelled, and
/// ids made up to flood the labels can only make old versions' series restart, never grow memory.
/// </remarks>
public sealed class ConversionAttribution
{
    /// <summary>Enough for a stable and a canary track, the previous versions whose answers shoppers still act on, and slack.</summary>
    public const int DefaultMaxVersionsPerModel = 16;

    private readonly Func<string, bool> _servesModel;
    private readonly Dictionary<string, Dictionary<string, long>> _lastUseByVersionByModel = new(StringComparer.Ordinal);
    private long _clock;

    /// <param name="servesModel">Whether this server serves a model of that name.</param>
    /// <param name="maxVersionsPerModel">The most versions of one model labelled at once.</param>
    public ConversionAttribution(Func<string, bool> servesModel, int maxVersionsPerModel = DefaultMaxVersionsPerModel)
    {
        ArgumentNullException.ThrowIfNull(servesModel);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxVersionsPerModel, 1);
        _servesModel = servesModel;
        MaxVersionsPerModel = maxVersionsPerModel;
    }

    public int MaxVersionsPerModel { get; }

    /// <summary>What <paramref name="type"/> with <paramref name="recommendationId"/> counts as (nothing, unattributed and why, or a conversion).</summary>
    public Attribution Attribute(string type, string? recommendationId)
    {
        var kind = KindOf(type);
        if (kind is null || string.IsNullOrEmpty(recommendationId))
        {
            return Attribution.None;
        }

        if (!RecommendationIds.TryParse(recommendationId, out var model, out var version) || !ModelVersions.IsValid(version))
        {
            return Attribution.Unattributed(UnattributedReason.NotARecommendationId);
        }

        if (!_servesModel(model))
        {
            return Attribution.Unattributed(UnattributedReason.UnknownModel);
        }

        return new Attribution(AttributionOutcome.Attributed, model, version, kind, Remember(model, version));
    }

    /// <summary>The contract's kind for an event type (the same string), null when the type is no conversion.</summary>
    private static string? KindOf(string type)
    {
        foreach (var kind in ServingMetrics.ConversionKinds)
        {
            if (string.Equals(kind, type, StringComparison.Ordinal))
            {
                return kind;
            }
        }

        return null;
    }

    /// <summary>Marks the version used now; returns the version forgotten to make room for it, if one was.</summary>
    private string? Remember(string model, string version)
    {
        if (!_lastUseByVersionByModel.TryGetValue(model, out var versions))
        {
            versions = new Dictionary<string, long>(StringComparer.Ordinal);
            _lastUseByVersionByModel[model] = versions;
        }

        string? forgotten = null;
        if (!versions.ContainsKey(version) && versions.Count >= MaxVersionsPerModel)
        {
            // Ties cannot happen (the clock only moves forward), so the choice is deterministic.
            forgotten = versions.MinBy(v => v.Value).Key;
            versions.Remove(forgotten);
        }

        versions[version] = ++_clock;
        return forgotten;
    }
}

public enum AttributionOutcome
{
    /// <summary>Not a conversion event, or no recommendation id: nothing to count.</summary>
    None,

    /// <summary>A conversion event whose id cannot be attributed (<see cref="Attribution.Reason"/>).</summary>
    Unattributed,

    /// <summary>A conversion of <see cref="Attribution.Model"/>'s <see cref="Attribution.Version"/>.</summary>
    Attributed,
}

/// <summary>Why a conversion event's recommendation id was not attributed; the values are the metric's <c>reason</c> label.</summary>
public static class UnattributedReason
{
    /// <summary>Not an id this platform makes (<c>{model}.{version}.{12 hex}</c> with a version id): a client's own.</summary>
    public const string NotARecommendationId = "not_a_recommendation_id";

    /// <summary>An id naming a model this server does not serve.</summary>
    public const string UnknownModel = "unknown_model";
}

/// <param name="Forgotten">A version of the same model no longer labelled, to make room for this one; null mostly.</param>
public readonly record struct Attribution(
    AttributionOutcome Outcome, string Model = "", string Version = "", string Kind = "", string? Forgotten = null, string Reason = "")
{
    public static Attribution None => default;

    public static Attribution Unattributed(string reason) => new(AttributionOutcome.Unattributed, Reason: reason);
}
