namespace EcommerceMl.Contracts;

/// <summary>
/// A stored version does not match its manifest, or the manifest itself cannot be read: a malformed
/// <c>manifest.json</c>, a file whose sha256 differs, a missing file. Retrying the same version cannot help.
/// </summary>
public sealed class ModelIntegrityException(string message) : Exception(message);
