namespace EcommerceMl.Ml.Data.Datasets;

/// <summary>
/// Finds the shared public datasets (which are never copied into the repository). Order:
/// the <c>ECML_DATASETS</c> environment variable when set (a folder holding the dataset folders);
/// otherwise <c>shared/data/&lt;name&gt;</c> in the current directory, the application's base
/// directory or any of their parents — so a checkout at /work/main and a worktree at /work/wt/x both
/// find the ../shared/data beside them.
/// </summary>
public static class DatasetLocator
{
    public const string EnvironmentVariable = "ECML_DATASETS";

    /// <summary>The dataset's folder; throws <see cref="DirectoryNotFoundException"/> naming every place searched.</summary>
    public static string Locate(string folderName)
    {
        var (path, searched) = Search(folderName, Environment.GetEnvironmentVariable(EnvironmentVariable), [Directory.GetCurrentDirectory(), AppContext.BaseDirectory]);
        return path ?? throw new DirectoryNotFoundException(
            $"dataset folder '{folderName}' not found; searched: {string.Join(", ", searched)}. " +
            $"Set {EnvironmentVariable} to the folder that holds '{folderName}', or run from a checkout with shared/data beside it.");
    }

    public static string? TryLocate(string folderName) =>
        Search(folderName, Environment.GetEnvironmentVariable(EnvironmentVariable), [Directory.GetCurrentDirectory(), AppContext.BaseDirectory]).Path;

    internal static (string? Path, IReadOnlyList<string> Searched) Search(string folderName, string? environmentRoot, IEnumerable<string> startDirectories)
    {
        var searched = new List<string>();
        if (!string.IsNullOrWhiteSpace(environmentRoot))
        {
            var candidate = Path.GetFullPath(Path.Combine(environmentRoot, folderName));
            searched.Add($"{candidate} (from {EnvironmentVariable})");
            return (Directory.Exists(candidate) ? candidate : null, searched);
        }

        foreach (var start in startDirectories)
        {
            for (var directory = new DirectoryInfo(Path.GetFullPath(start)); directory is not null; directory = directory.Parent)
            {
                var candidate = Path.Combine(directory.FullName, "shared", "data", folderName);
                if (searched.Contains(candidate))
                {
                    break; // the other start directory already walked from here up
                }

                searched.Add(candidate);
                if (Directory.Exists(candidate))
                {
                    return (candidate, searched);
                }
            }
        }

        return (null, searched);
    }
}
