using EcommerceMl.Inference.Models;

namespace EcommerceMl.Inference.OpenInference;

/// <summary>The loaded model a protocol request names (and version, when it names one), or the status and message to refuse it with.</summary>
internal static class ModelResolver
{
    public static (ModelEntry? Entry, int Status, string? Error) Resolve(ModelRegistry registry, string name, string? version)
    {
        ArgumentNullException.ThrowIfNull(registry);
        if (registry.Find(name) is not { } entry)
        {
            var served = registry.Models.Select(m => m.Name).ToList();
            return (null, StatusCodes.Status404NotFound,
                $"Model '{name}' is not served here. Served: {(served.Count == 0 ? "none" : string.Join(", ", served))}.");
        }

        if (entry.Status != ModelStatus.Loaded)
        {
            return (null, StatusCodes.Status503ServiceUnavailable,
                $"Model '{name}' is {entry.Status.ToString().ToLowerInvariant()}{(entry.Error is null ? "" : ": " + entry.Error)}");
        }

        if (version is not null && version != entry.Version)
        {
            return (null, StatusCodes.Status404NotFound,
                $"Model '{name}' has no version '{version}' here; this server serves version {entry.Version}.");
        }

        return (entry, StatusCodes.Status200OK, null);
    }
}
