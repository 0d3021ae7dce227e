using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Tests.Resources;

/// <summary>The CEL rule is the catalogue written as a constant; it must say exactly what the catalogue says.</summary>
public sealed class TrainingAlgorithmsCelRuleTests
{
    [Fact]
    public void CelRuleAndMessage_SayWhatTheCatalogueSays()
    {
        var clauses = AlgorithmCatalogue.ByTask.Select(pair =>
            $"(self.task == '{pair.Key}' && self.algorithm in [{string.Join(", ", pair.Value.Select(a => $"'{a}'"))}])");
        var message = "spec.algorithm must be an algorithm of spec.task: "
            + string.Join("; ", AlgorithmCatalogue.ByTask.Select(pair => $"{pair.Key}: {string.Join(", ", pair.Value)}"));

        Assert.Equal(TrainingAlgorithms.CelRule, "!has(self.algorithm) || " + string.Join(" || ", clauses));
        Assert.Equal(TrainingAlgorithms.CelMessage, message);
    }
}
