namespace EcommerceMl.Contracts;

/// <summary>
/// The layout both stores share, as '/'-separated paths relative to the store root:
/// <c>models/{model}/versions/{version}/{file}</c>, and the URI a version is known by outside the
/// store (a TrainingJob's <c>status.artifactUri</c>). Callers pass only validated names.
/// </summary>
public static class ModelStoreLayout
{
    public const string ModelsFolder = "models";
    public const string VersionsFolder = "versions";

    /// <summary>Beside a version's files: its monitoring reports, one JSON document per run.</summary>
    public const string MonitoringFolder = "monitoring";

    private const string ReportTimestampFormat = "yyyyMMdd'T'HHmmss'Z'";

    public static string ModelPath(string model) => $"{ModelsFolder}/{model}";

    public static string VersionsPath(string model) => $"{ModelPath(model)}/{VersionsFolder}";

    public static string VersionPath(string model, string version) => $"{VersionsPath(model)}/{version}";

    public static string FilePath(string model, string version, string file) => $"{VersionPath(model, version)}/{file}";

    public static string ManifestPath(string model, string version) => FilePath(model, version, ModelManifest.FileName);

    public static string MonitoringPath(string model, string version) => $"{VersionPath(model, version)}/{MonitoringFolder}";

    /// <summary>
    /// <c>models/{model}/versions/{version}/monitoring/{checkedAt:yyyyMMddTHHmmssZ}.json</c>: names sort by
    /// time, and a version deleted by retention takes its reports with it.
    /// </summary>
    public static string MonitoringReportPath(string model, string version, DateTimeOffset checkedAt) =>
        $"{MonitoringPath(model, version)}/{checkedAt.UtcDateTime.ToString(ReportTimestampFormat, System.Globalization.CultureInfo.InvariantCulture)}.json";

    /// <summary>
    /// The folder of a version under a store location, ending in '/': <c>s3://bucket/prefix/models/shop-recs/versions/20261123T014200Z-1a2b3c/</c>
    /// or the same under a local folder.
    /// </summary>
    public static string ArtifactUri(string storeLocation, string model, string version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(storeLocation);
        return $"{storeLocation.TrimEnd('/')}/{VersionPath(ModelNames.ValidateModelName(model), ModelVersions.Validate(version))}/";
    }

    /// <summary>
    /// Recognises <c>models/{model}/versions/{version}/manifest.json</c> with a valid model and
    /// version; anything else (temp files, stray folders, model files) is not a complete version.
    /// </summary>
    public static bool TryParseManifestPath(string relativePath, out string model, out string version)
    {
        model = version = string.Empty;
        var parts = relativePath.Split('/');
        if (parts is not [ModelsFolder, var m, VersionsFolder, var v, ModelManifest.FileName]
            || !ModelNames.IsValidModelName(m)
            || !ModelVersions.IsValid(v))
        {
            return false;
        }

        model = m;
        version = v;
        return true;
    }
}
