using System.Collections.Concurrent;

namespace EcommerceMl.Inference.Models;

/// <summary>
/// Versions this server tried and could not serve (a file failed its checksum, the model file would not
/// read, no pipeline for its task), with the reason. Versions are immutable, so a refusal is for good:
/// the loader and the refresher pass them over instead of failing on them every pass.
/// </summary>
internal sealed class RefusedVersions
{
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, string>> _byModel = new(StringComparer.Ordinal);

    public void Refuse(string model, string version, string reason) =>
        _byModel.GetOrAdd(model, _ => new ConcurrentDictionary<string, string>(StringComparer.Ordinal))[version] = reason;

    /// <summary>The refused versions of a model, with why.</summary>
    public IReadOnlyDictionary<string, string> Of(string model) =>
        _byModel.TryGetValue(model, out var versions) ? versions : EmptyVersions;

    private static readonly IReadOnlyDictionary<string, string> EmptyVersions = new Dictionary<string, string>();
}
