using EcommerceMl.Contracts;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Outputs;

/// <summary>
/// Opens the objects under a batch output prefix: <c>s3://bucket[/path]</c> (the S3 server and credentials of the
/// model store: one set of settings per process), an absolute folder or <c>file:///</c> URI, or a path relative to
/// the model store — its folder, or its bucket and prefix — which is what local mode and a cluster whose analysts
/// read the model bucket want.
/// </summary>
public static class OutputObjectStores
{
    public static IOutputObjects Open(string prefix, IModelStore store, S3Settings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(store);
        if (string.IsNullOrWhiteSpace(prefix))
        {
            throw new ArgumentException("An output prefix is required: s3://bucket/path, an absolute folder, or a path inside the model store.", nameof(prefix));
        }

        prefix = prefix.Trim();
        if (prefix.StartsWith(S3Location.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            var location = S3Location.Parse(prefix);
            return new S3OutputObjects(S3ModelStore.Create(location, settings ?? S3Settings.FromEnvironment()).Client, location);
        }

        if (prefix.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(prefix, UriKind.Absolute, out var uri) && uri.IsFile && string.IsNullOrEmpty(uri.Host)
                ? new LocalOutputObjects(uri.LocalPath)
                : throw new ArgumentException($"Output prefix '{prefix}' is not a local file URI: expected file:///absolute/folder.", nameof(prefix));
        }

        if (prefix.IndexOf("://", StringComparison.Ordinal) is var schemeEnd and > 0)
        {
            throw new ArgumentException(
                $"Output prefix '{prefix}' uses the unsupported scheme '{prefix[..schemeEnd]}': use s3://bucket/path, an absolute folder, or a path inside the model store.",
                nameof(prefix));
        }

        if (Path.IsPathRooted(prefix))
        {
            return new LocalOutputObjects(prefix);
        }

        var relative = InsideStore(prefix);
        return store switch
        {
            LocalModelStore local => new LocalOutputObjects(Path.Combine(local.Root, relative.Replace('/', Path.DirectorySeparatorChar))),
            S3ModelStore s3 => new S3OutputObjects(s3.Client, S3Location.Parse($"{S3Location.Scheme}{s3.S3.Bucket}/{(s3.S3.Prefix.Length == 0 ? "" : s3.S3.Prefix + "/")}{relative}")),
            _ => throw new ArgumentException($"Output prefix '{prefix}' is relative, but the model store {store.Location} is neither a folder nor S3; give s3://bucket/path or an absolute folder.", nameof(prefix)),
        };
    }

    private static string InsideStore(string prefix)
    {
        string relative;
        try
        {
            relative = OutputPaths.Check(prefix);
        }
        catch (ArgumentException)
        {
            relative = "";
        }

        if (relative.Length == 0)
        {
            throw new ArgumentException(
                $"Output prefix '{prefix}' is not a path inside the model store: use '/'-separated names with no empty, '.' or '..' segment (e.g. outputs), or s3://bucket/path.",
                nameof(prefix));
        }

        var first = relative.Split('/')[0];
        return first is ModelStoreLayout.ModelsFolder or EventSinkLayout.Root
            ? throw new ArgumentException($"Output prefix '{prefix}' is inside the store's own '{first}' folder; choose another name, e.g. outputs.", nameof(prefix))
            : relative;
    }
}
