namespace EcommerceMl.Contracts;

/// <summary>
/// The inference server's configuration keys that others set: the operator writes them as container
/// environment variables, <c>ecml serve</c> as configuration. ASP.NET Core reads <c>A__B</c> in the
/// environment as the key <c>A:B</c>.
/// </summary>
public static class InferenceConfiguration
{
    /// <summary>The model store location.</summary>
    public const string StoreKey = "Ecml:Store";

    /// <summary>The store location as the trainer's variable, read when <see cref="StoreKey"/> is unset, so one Secret serves both.</summary>
    public const string StoreVariable = TrainerVariables.Store;

    /// <summary>The options section of the inference server.</summary>
    public const string SectionName = "Ecml:Inference";

    /// <summary>The list of models to serve, each <c>name</c> (latest) or <c>name@version</c> (pinned).</summary>
    public const string ModelsKey = SectionName + ":Models";

    /// <summary>The shop's time zone (an IANA id such as Europe/London): a forecast without a start begins today there.</summary>
    public const string ShopTimeZoneKey = SectionName + ":ShopTimeZone";

    /// <summary>Separates a model's name from its pinned version in an entry of <see cref="ModelsKey"/>.</summary>
    public const char VersionSeparator = '@';

    /// <summary>The environment variable that sets a configuration key (<c>Ecml:Store</c> → <c>Ecml__Store</c>).</summary>
    public static string EnvironmentVariable(string key)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        return key.Replace(":", "__", StringComparison.Ordinal);
    }

    /// <summary>The key of the <paramref name="index"/>-th model to serve (<c>Ecml:Inference:Models:0</c>).</summary>
    public static string ModelKey(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        return $"{ModelsKey}:{index.ToString(System.Globalization.CultureInfo.InvariantCulture)}";
    }

    /// <summary>An entry of <see cref="ModelsKey"/>: <c>name</c> follows the servable latest, <c>name@version</c> is pinned.</summary>
    public static string ModelEntry(string model, string? version)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        return ModelVersions.IsLatest(version) ? model : $"{model}{VersionSeparator}{version}";
    }
}
