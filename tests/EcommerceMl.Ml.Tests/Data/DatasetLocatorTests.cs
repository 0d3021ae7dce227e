using EcommerceMl.Ml.Data.Datasets;

namespace EcommerceMl.Ml.Tests.Data;

public sealed class DatasetLocatorTests : IDisposable
{
    private readonly TempFolder _root = new();

    public void Dispose() => _root.Dispose();

    [Fact]
    public void Search_WalksUpToASharedDataFolder()
    {
        var dataset = Directory.CreateDirectory(Path.Combine(_root.Path, "shared", "data", "ml-100k")).FullName;
        var deep = Directory.CreateDirectory(Path.Combine(_root.Path, "wt", "x", "tests", "bin")).FullName;

        var (path, _) = DatasetLocator.Search("ml-100k", environmentRoot: null, [deep]);

        Assert.Equal(dataset, path);
    }

    [Fact]
    public void Search_EnvironmentVariable_TakesPrecedence()
    {
        var dataset = Directory.CreateDirectory(Path.Combine(_root.Path, "elsewhere", "telco-churn")).FullName;

        var (path, searched) = DatasetLocator.Search("telco-churn", Path.Combine(_root.Path, "elsewhere"), ["/"]);

        Assert.Equal(dataset, path);
        Assert.Single(searched);
    }

    [Fact]
    public void Search_WhenAbsent_ListsEveryPlaceSearched()
    {
        var start = Directory.CreateDirectory(Path.Combine(_root.Path, "a", "b")).FullName;

        var (path, searched) = DatasetLocator.Search("no-such-dataset", environmentRoot: null, [start]);

        Assert.Null(path);
        Assert.Contains(Path.Combine(start, "shared", "data", "no-such-dataset"), searched);
        Assert.Contains(Path.Combine(_root.Path, "shared", "data", "no-such-dataset"), searched);
    }

    [Fact]
    public void Locate_WhenAbsent_ErrorNamesTheDatasetAndTheVariable()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => DatasetLocator.Locate("no-such-dataset-" + Guid.NewGuid().ToString("N")));

        Assert.Contains("no-such-dataset", error.Message, StringComparison.Ordinal);
        Assert.Contains(DatasetLocator.EnvironmentVariable, error.Message, StringComparison.Ordinal);
        Assert.Contains("searched:", error.Message, StringComparison.Ordinal);
    }
}
