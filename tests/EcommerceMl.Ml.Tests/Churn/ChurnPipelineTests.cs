using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Churn;

public class ChurnPipelineTests
{
    private static TrainingRequest Request(Dictionary<string, string>? hyperparameters = null) =>
        new(ChurnTestData.SyntheticPopulation(), "logistic", hyperparameters ?? []);

    [Fact]
    public void Train_WhenChurnersAreRecentlyInactive_RanksThemWellAboveChance()
    {
        var outcome = new ChurnPipeline().Train(Request());

        Assert.True(outcome.Metrics["auc"] > 0.8, $"auc {outcome.Metrics["auc"]}");
        Assert.True(outcome.Metrics["pr_auc"] > outcome.Metrics["churn_rate"], "PR-AUC should beat the base rate");
        Assert.InRange(outcome.Metrics["brier"], 0, 0.2);
    }

    [Fact]
    public void Train_ReportsTheManifestMetrics()
    {
        var outcome = new ChurnPipeline().Train(Request());

        Assert.Equal(
            ["accuracy", "auc", "brier", "churn_rate", "customers_evaluated", "f1", "log_loss", "pr_auc", "precision", "recall"],
            outcome.Metrics.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Train_EvaluatesOnlyOnCustomersLeftOutOfTheFit()
    {
        var request = Request();
        var dataset = ChurnLabeler.Label(request.Data, 60);

        var outcome = new ChurnPipeline().Train(request);

        // The drift reference is built from exactly the training customers: the rest were evaluated.
        var trained = outcome.ReferenceFeatures["recency_days"].Length;
        Assert.Equal(dataset.Examples.Count, trained + (int)outcome.Metrics["customers_evaluated"]);
        Assert.Equal(Math.Round(dataset.Examples.Count * 0.2), outcome.Metrics["customers_evaluated"], 0);
        Assert.Equal(dataset.Cutoff, outcome.EvaluationCutoff);
        Assert.Equal(ChurnFeatureVector.Names.Order(StringComparer.Ordinal), outcome.ReferenceFeatures.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Train_ServesFeaturesAsOfTheEndOfTheData()
    {
        var request = Request();
        var model = (LogisticChurnModel)new ChurnPipeline().Train(request).Model;

        var end = ChurnLabeler.Label(request.Data, 60).End;
        Assert.Equal(end, model.FeaturesAsOf);
        var lastOrder = request.Data.Orders.MaxBy(o => o.OrderedAt)!;
        // Features are as of the midnight after the last day: an order that day is one day old.
        Assert.Equal(1, model.FeaturesOf(lastOrder.CustomerId)!.RecencyDays);
        Assert.Null(model.FeaturesOf("nobody"));
    }

    [Fact]
    public void Train_SamplesCustomersMostAtRiskFirst()
    {
        var model = (IChurnModel)new ChurnPipeline().Train(Request()).Model;

        var probabilities = model.SampleCustomers(20).Select(id => model.Predict(model.FeaturesOf(id)!).Probability).ToList();

        Assert.Equal(20, probabilities.Count);
        Assert.Equal(probabilities.OrderDescending(), probabilities);
    }

    [Fact]
    public void Train_RecordsHyperparametersWithDefaults()
    {
        var outcome = new ChurnPipeline().Train(Request(new() { ["l2"] = "0.5" }));

        Assert.Equal("60", outcome.Hyperparameters["churn_days"]);
        Assert.Equal("0.5", outcome.Hyperparameters["l2"]);
        Assert.Equal("0.3", outcome.Hyperparameters["risk_medium"]);
        Assert.Equal("0.6", outcome.Hyperparameters["risk_high"]);
    }

    [Fact]
    public void Train_WhenHyperparameterIsUnknown_Refuses()
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(() => new ChurnPipeline().Train(Request(new() { ["depth"] = "3" })));

        Assert.Contains("depth", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WhenRiskThresholdsAreInverted_SaysWhich()
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(
            () => new ChurnPipeline().Train(Request(new() { ["risk_medium"] = "0.7", ["risk_high"] = "0.5" })));

        Assert.Contains("'risk_medium'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WhenAlgorithmIsUnknown_Refuses()
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(() => new ChurnPipeline().Train(Request() with { Algorithm = "forest" }));

        Assert.Contains("logistic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WhenTooFewCustomersAreLabelled_SaysHowMany()
    {
        var request = new TrainingRequest(ChurnTestData.SyntheticPopulation(customers: 8), "logistic", new Dictionary<string, string>());

        var error = Assert.Throws<InvalidTrainingRequestException>(() => new ChurnPipeline().Train(request));
        Assert.Contains("needs at least 20", error.Message, StringComparison.Ordinal);
    }
}
