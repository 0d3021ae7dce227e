namespace EcommerceMl.Artifacts;

/// <summary>Versions are immutable: publishing a version that already has a manifest is refused.</summary>
public sealed class ModelVersionExistsException(string message) : Exception(message);
