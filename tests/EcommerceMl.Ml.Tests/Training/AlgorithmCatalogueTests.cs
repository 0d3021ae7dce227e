using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Training;

/// <summary>The pipelines implement the catalogue (EcommerceMl.Contracts): every task and algorithm, in order, and no more.</summary>
public sealed class AlgorithmCatalogueTests
{
    [Fact]
    public void Pipelines_ImplementExactlyTheCataloguesTasksAndAlgorithms()
    {
        var pipelines = TaskPipelines.All.ToDictionary(p => p.Task, p => p.Algorithms.ToList());

        Assert.Equal(ModelTask.All, AlgorithmCatalogue.ByTask.Keys);
        Assert.Equal(ModelTask.All.Order(StringComparer.Ordinal), pipelines.Keys.Order(StringComparer.Ordinal));
        foreach (var (task, algorithms) in AlgorithmCatalogue.ByTask)
        {
            // Same order too: the first is the default when no algorithm is named.
            Assert.Equal(algorithms, pipelines[task]);
        }
    }

    [Fact]
    public void Catalogue_NamesTheHyperparameterKeysOfEveryAlgorithm()
    {
        Assert.Equal(
            AlgorithmCatalogue.ByTask.Values.SelectMany(a => a).Order(StringComparer.Ordinal),
            AlgorithmCatalogue.Hyperparameters.Keys.Order(StringComparer.Ordinal));
        Assert.All(AlgorithmCatalogue.Hyperparameters.Values, keys => Assert.Equal(keys.Count, keys.Distinct(StringComparer.Ordinal).Count()));
    }

    [Fact]
    public void ChurnSettings_AcceptTheCataloguesKeys()
    {
        foreach (var algorithm in AlgorithmCatalogue.ByTask[ModelTask.Churn])
        {
            Assert.Equal(AlgorithmCatalogue.Hyperparameters[algorithm], ChurnSettings.KnownKeys(algorithm));
        }
    }

    [Theory]
    [InlineData("recommendation", "item-cosine", true)]
    [InlineData("recommendation", null, true)]
    [InlineData("forecast", "item-cosine", false)]
    [InlineData("churn", "logistic", true)]
    [InlineData("pricing", null, false)]
    public void IsValid_AcceptsOnlyAlgorithmsOfTheTask(string task, string? algorithm, bool expected) =>
        Assert.Equal(expected, AlgorithmCatalogue.IsValid(task, algorithm));
}
