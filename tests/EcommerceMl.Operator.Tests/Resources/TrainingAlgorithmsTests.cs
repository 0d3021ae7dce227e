using EcommerceMl.Ml;
using EcommerceMl.Ml.Training;
using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Tests.Resources;

public sealed class TrainingAlgorithmsTests
{
    [Fact]
    public void Catalogue_ListsExactlyTheTasksAndAlgorithmsTheTrainerImplements()
    {
        var trainer = TaskPipelines.All.ToDictionary(p => p.Task, p => p.Algorithms.ToList());

        Assert.Equal(ModelTask.All.Order(StringComparer.Ordinal), TrainingAlgorithms.ByTask.Keys.Order(StringComparer.Ordinal));
        foreach (var (task, algorithms) in TrainingAlgorithms.ByTask)
        {
            // Same order too: the first is the default the trainer uses when spec.algorithm is omitted.
            Assert.Equal(trainer[task], algorithms);
        }
    }

    [Fact]
    public void CelRuleAndMessage_SayWhatTheCatalogueSays()
    {
        var clauses = TrainingAlgorithms.ByTask.Select(pair =>
            $"(self.task == '{pair.Key}' && self.algorithm in [{string.Join(", ", pair.Value.Select(a => $"'{a}'"))}])");
        var message = "spec.algorithm must be an algorithm of spec.task: "
            + string.Join("; ", TrainingAlgorithms.ByTask.Select(pair => $"{pair.Key}: {string.Join(", ", pair.Value)}"));

        Assert.Equal(TrainingAlgorithms.CelRule, "!has(self.algorithm) || " + string.Join(" || ", clauses));
        Assert.Equal(TrainingAlgorithms.CelMessage, message);
    }

    [Theory]
    [InlineData("recommendation", "item-cosine", true)]
    [InlineData("recommendation", null, true)]
    [InlineData("forecast", "item-cosine", false)]
    [InlineData("churn", "logistic", true)]
    [InlineData("pricing", null, false)]
    public void IsValid_AcceptsOnlyAlgorithmsOfTheTask(string task, string? algorithm, bool expected) =>
        Assert.Equal(expected, TrainingAlgorithms.IsValid(task, algorithm));
}
