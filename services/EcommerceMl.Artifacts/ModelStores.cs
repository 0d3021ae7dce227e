namespace EcommerceMl.Artifacts;

/// <summary>Opens the model store a location string names: a folder path, or <c>s3://bucket[/prefix]</c>.</summary>
public static class ModelStores
{
    /// <summary>
    /// A folder path (or <c>file://</c> URI) opens a <see cref="LocalModelStore"/>;
    /// <c>s3://bucket[/prefix]</c> opens an <see cref="S3ModelStore"/> with <paramref name="settings"/>,
    /// or, when null, settings from the environment (see <see cref="S3Settings"/>).
    /// </summary>
    public static IModelStore Open(string location, S3Settings? settings = null) =>
        Open(location, settings, Environment.GetEnvironmentVariable);

    internal static IModelStore Open(string location, S3Settings? settings, Func<string, string?> getVariable)
    {
        if (string.IsNullOrWhiteSpace(location))
        {
            throw new ArgumentException("A model store location is required: a folder path or s3://bucket[/prefix].", nameof(location));
        }

        location = location.Trim();
        if (location.StartsWith(S3Location.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var s3 = S3Location.Parse(location);
            return S3ModelStore.Create(s3, settings ?? S3Settings.FromEnvironment(getVariable));
        }

        if (location.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            if (!Uri.TryCreate(location, UriKind.Absolute, out var uri) || !uri.IsFile || !string.IsNullOrEmpty(uri.Host))
            {
                throw new ArgumentException($"'{location}' is not a local file URI: expected file:///absolute/folder.", nameof(location));
            }

            return new LocalModelStore(uri.LocalPath);
        }

        var schemeEnd = location.IndexOf("://", StringComparison.Ordinal);
        if (schemeEnd > 0)
        {
            throw new ArgumentException(
                $"Model store location '{location}' uses the unsupported scheme '{location[..schemeEnd]}': use a folder path or s3://bucket[/prefix].",
                nameof(location));
        }

        return new LocalModelStore(location);
    }
}
