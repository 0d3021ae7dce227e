namespace EcommerceMl.Inference.Tests.Fakes;

/// <summary>
/// Files a test keeps for people to look at (screenshots): attached to the test result and written under the
/// repository's <c>TestResults/screenshots/</c>, the folder <c>make test</c> and CI keep; outside a checkout, beside the test assembly.
/// </summary>
internal static class TestArtifacts
{
    public static async Task<string> SaveAsync(string name, byte[] bytes, string mediaType)
    {
        TestContext.Current.AddAttachment(name, bytes, mediaType);
        var folder = Directory.CreateDirectory(Path.Combine(RepositoryRoot() ?? AppContext.BaseDirectory, "TestResults", "screenshots"));
        var file = Path.Combine(folder.FullName, name);
        await File.WriteAllBytesAsync(file, bytes, TestContext.Current.CancellationToken);
        return file;
    }

    private static string? RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcommerceMl.sln")))
            {
                return dir.FullName;
            }
        }

        return null;
    }
}
