namespace EcommerceMl.Artifacts;

/// <summary>A store location or its settings (endpoint, credentials, region) are missing or malformed; the message says which.</summary>
public sealed class ModelStoreConfigurationException(string message) : InvalidOperationException(message);
