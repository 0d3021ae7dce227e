using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Status;

/// <summary>The facts about a published version that only the store knows, as the status records them.</summary>
public sealed record PublishedVersion(string Version, string ArtifactUri, IReadOnlyDictionary<string, double> Metrics, GateStatus? Gate);

/// <summary>
/// The store's answer for a run that finished: the version it published, or none (then
/// <see cref="NotFoundMessage"/> says where the reconciler looked).
/// </summary>
public sealed record Publication(PublishedVersion? Version, string NotFoundMessage, string? UnreadableReason = null)
{
    public static Publication Found(PublishedVersion version) => new(version, "");

    public static Publication NotFound(string message) => new(null, message);

    /// <summary>
    /// The store could not be asked (<paramref name="reason"/>: StoreUnavailable or ManifestUnreadable): the run is
    /// neither published nor a failed upload yet; the reconciler asks again.
    /// </summary>
    public static Publication Unreadable(string reason, string message) => new(null, message, reason);
}
