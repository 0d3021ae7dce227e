using System.Security.Cryptography;

namespace EcommerceMl.Artifacts;

/// <summary>
/// Pure checks shared by the stores: what a publish must contain, the sha256 of every file, and
/// whether loaded bytes are the bytes that were published.
/// </summary>
public static class ModelIntegrity
{
    public static string Sha256Hex(ReadOnlySpan<byte> bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));

    /// <summary>
    /// Validates names and contents of a publish and returns the manifest with the sha256 of every
    /// file in <see cref="ModelManifest.Files"/> (whatever the caller put there is replaced).
    /// </summary>
    public static ModelManifest Seal(ModelManifest manifest, IReadOnlyDictionary<string, byte[]> files)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        ArgumentNullException.ThrowIfNull(files);
        ModelNames.ValidateModelName(manifest.Model, nameof(manifest));
        ModelVersions.Validate(manifest.Version, nameof(manifest));
        if (files.Count == 0)
        {
            throw new ArgumentException(
                $"Publishing model '{manifest.Model}' version '{manifest.Version}' needs at least one model file.", nameof(files));
        }

        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var (name, bytes) in files)
        {
            ModelNames.ValidateFileName(name, nameof(files));
            if (bytes is null)
            {
                throw new ArgumentException($"Model file '{name}' of model '{manifest.Model}' has no content (null).", nameof(files));
            }

            hashes[name] = Sha256Hex(bytes);
        }

        return manifest with { Files = hashes };
    }

    /// <summary>
    /// Checks a file listed in a loaded manifest against what the store returned (null when the
    /// file is missing). Throws <see cref="ModelIntegrityException"/> naming the file.
    /// </summary>
    public static void VerifyFile(ModelManifest manifest, string fileName, string expectedSha256, byte[]? bytes)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        var where = $"model '{manifest.Model}' version '{manifest.Version}'";
        if (bytes is null)
        {
            throw new ModelIntegrityException($"File '{fileName}' of {where} is listed in the manifest but missing from the store.");
        }

        var actual = Sha256Hex(bytes);
        if (!string.Equals(actual, expectedSha256, StringComparison.OrdinalIgnoreCase))
        {
            throw new ModelIntegrityException(
                $"File '{fileName}' of {where} fails its checksum: manifest says sha256 {expectedSha256}, the stored bytes hash to {actual}. Refusing to load a corrupted model.");
        }
    }

    /// <summary>
    /// A manifest read back from a store names the files to load; a tampered one must not be able
    /// to point outside its version folder.
    /// </summary>
    public static void VerifyFileNames(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        foreach (var name in manifest.Files.Keys)
        {
            if (!ModelNames.IsValidFileName(name))
            {
                throw new ModelIntegrityException(
                    $"The manifest of model '{manifest.Model}' version '{manifest.Version}' lists an invalid file name '{name}'; refusing to load it.");
            }
        }
    }
}
