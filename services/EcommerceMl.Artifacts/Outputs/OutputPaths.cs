namespace EcommerceMl.Artifacts.Outputs;

/// <summary>Object paths relative to an output prefix: '/'-separated plain segments, so no path leaves the prefix.</summary>
internal static class OutputPaths
{
    public static string Check(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var trimmed = path.TrimEnd('/');
        if (trimmed.Length > 0 && trimmed.Split('/').Any(s => s.Length == 0 || s is "." or ".." || s.Contains('\\', StringComparison.Ordinal)))
        {
            throw new ArgumentException($"'{path}' is not a path inside an output prefix: use '/'-separated names with no empty, '.' or '..' segment.", nameof(path));
        }

        return trimmed;
    }
}
