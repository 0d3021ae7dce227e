namespace EcommerceMl.Testing;

/// <summary>The repository root: the nearest folder above the test binaries holding EcommerceMl.sln.</summary>
internal static class RepoRoot
{
    public static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcommerceMl.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above {AppContext.BaseDirectory} holds EcommerceMl.sln; run the tests from inside the repository.");
    }
}
