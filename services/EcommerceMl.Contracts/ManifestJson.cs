using System.Text.Json;
using System.Text.Json.Serialization;

namespace EcommerceMl.Contracts;

/// <summary>The one way <c>manifest.json</c> is written and read, shared by every store.</summary>
public static class ManifestJson
{
    /// <summary>
    /// camelCase, indented, enums as strings. Dictionary keys (metric, feature and file names) are
    /// kept as given. NaN and infinities are written as named literals because a metric can
    /// legitimately be undefined (e.g. AUC on a single-class holdout) and must not fail a publish.
    /// </summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    public static byte[] Serialize(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return JsonSerializer.SerializeToUtf8Bytes(manifest, Options);
    }

    /// <summary>
    /// Reads a manifest found at <paramref name="model"/>/<paramref name="version"/> and checks that it
    /// describes that version. Throws <see cref="ModelIntegrityException"/> naming the version when
    /// it cannot be read or belongs elsewhere.
    /// </summary>
    public static ModelManifest Deserialize(ReadOnlySpan<byte> json, string model, string version)
    {
        ModelManifest? manifest;
        try
        {
            manifest = JsonSerializer.Deserialize<ModelManifest>(json, Options);
        }
        catch (JsonException ex)
        {
            throw new ModelIntegrityException(
                $"The {ModelManifest.FileName} of model '{model}' version '{version}' is malformed: {ex.Message}");
        }

        if (manifest is null)
        {
            throw new ModelIntegrityException(
                $"The {ModelManifest.FileName} of model '{model}' version '{version}' is empty (JSON null).");
        }

        if (manifest.Files is null || manifest.Data is null)
        {
            throw new ModelIntegrityException(
                $"The {ModelManifest.FileName} of model '{model}' version '{version}' is malformed: 'files' and 'data' must not be null.");
        }

        if (manifest.Model != model || manifest.Version != version)
        {
            throw new ModelIntegrityException(
                $"The {ModelManifest.FileName} stored for model '{model}' version '{version}' describes model '{manifest.Model}' version '{manifest.Version}'.");
        }

        return manifest;
    }

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web)
        {
            WriteIndented = true,
            NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        };
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }
}
