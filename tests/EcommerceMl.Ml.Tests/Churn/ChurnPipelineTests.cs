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
            ["accuracy", "auc", "brier", "brier_uncalibrated", "churn_rate", "customers_calibrated", "customers_evaluated", "customers_trained",
             "f1", "features", "log_loss", "log_loss_uncalibrated", "pr_auc", "precision", "recall"],
            outcome.Metrics.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Train_FitsCalibratesAndEvaluatesOnSeparateCustomers()
    {
        var request = Request();
        var dataset = ChurnLabeler.Label(request.Data, 60);

        var outcome = new ChurnPipeline().Train(request);

        // 60/20/20; the drift reference describes every labelled customer (the population, not the fit's share).
        var (trained, calibrated, evaluated) = (outcome.Metrics["customers_trained"], outcome.Metrics["customers_calibrated"], outcome.Metrics["customers_evaluated"]);
        Assert.Equal(dataset.Examples.Count, trained + calibrated + evaluated);
        Assert.Equal(dataset.Examples.Count, outcome.ReferenceFeatures["recency_days"].Length);
        Assert.Equal(dataset.Examples.Count, outcome.Reference!.Predictions!.Count);
        Assert.All(outcome.Reference.Predictions.Numbers!, p => Assert.InRange(p, 0, 1));
        Assert.Equal(dataset.Examples.Count * 0.2, evaluated, 1.0);
        Assert.Equal(dataset.Examples.Count * 0.2, calibrated, 1.5);
        Assert.Equal(dataset.Cutoff, outcome.EvaluationCutoff);
        Assert.Equal(ChurnFeatureVector.Names.Order(StringComparer.Ordinal), outcome.ReferenceFeatures.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("logistic")]
    [InlineData("lightgbm")]
    public void Train_EachAlgorithm_ServesCalibratedProbabilitiesThatRankChurners(string algorithm)
    {
        var outcome = new ChurnPipeline().Train(Request() with { Algorithm = algorithm });

        var model = Assert.IsType<ChurnModel>(outcome.Model);
        Assert.Equal(algorithm, model.Algorithm);
        Assert.True(outcome.Metrics["auc"] > 0.8, $"auc {outcome.Metrics["auc"]}");
        Assert.Contains(outcome.Hyperparameters["calibration"], new[] { "platt", "isotonic" });
        Assert.NotEqual(CalibrationMethod.None, model.Calibrator.Method);
    }

    [Theory]
    [InlineData("platt", CalibrationMethod.Platt)]
    [InlineData("isotonic", CalibrationMethod.Isotonic)]
    [InlineData("none", CalibrationMethod.None)]
    public void Train_UsesTheCalibrationAskedFor(string calibration, CalibrationMethod expected)
    {
        var outcome = new ChurnPipeline().Train(Request(new() { ["calibration"] = calibration }));

        Assert.Equal(expected, ((ChurnModel)outcome.Model).Calibrator.Method);
        Assert.Equal(calibration, outcome.Hyperparameters["calibration"]);
        if (expected == CalibrationMethod.None)
        {
            Assert.Equal(outcome.Metrics["brier_uncalibrated"], outcome.Metrics["brier"], 12);
        }
    }

    [Fact]
    public void Train_WithAGivenLabel_LearnsFromTheDatasetsOwnColumns()
    {
        var request = new TrainingRequest(LabelledChurnShop.Create(), "logistic", new Dictionary<string, string>());

        var outcome = new ChurnPipeline().Train(request);

        var model = (ChurnModel)outcome.Model;
        Assert.Equal(["Contract", "MonthlyCharges", "tenure"], model.AttributeColumns);
        Assert.Equal(600, model.CustomerCount);
        Assert.True(outcome.Metrics["auc"] > 0.7, $"auc {outcome.Metrics["auc"]}");
        var monthly = new ChurnFeatures(0, 0, 0, 0, false) { Attributes = new Dictionary<string, string> { ["Contract"] = "Month-to-month", ["tenure"] = "2", ["MonthlyCharges"] = "95" } };
        var loyal = monthly with { Attributes = new Dictionary<string, string> { ["Contract"] = "Two year", ["tenure"] = "60", ["MonthlyCharges"] = "25" } };
        Assert.True(model.Predict(monthly).Probability > model.Predict(loyal).Probability + 0.3);
    }

    [Fact]
    public void Train_StoresTheRiskThresholdsAndActionsAskedFor()
    {
        var outcome = new ChurnPipeline().Train(Request(new()
        {
            ["risk_medium"] = "0.2",
            ["risk_high"] = "0.8",
            ["action_high"] = "Phone within a day",
            ["action_medium"] = "Email a 10% voucher",
        }));

        var loaded = (ChurnModel)new ChurnPipeline().Load("logistic", Saved(outcome.Model));
        Assert.Equal(new ChurnRiskPolicy(0.2, 0.8, "Monitor", "Email a 10% voucher", "Phone within a day"), loaded.Policy);
        Assert.Equal("Phone within a day", outcome.Hyperparameters["action_high"]);
        Assert.Equal("Monitor", outcome.Hyperparameters["action_low"]);
        var probabilities = loaded.SampleCustomers(int.MaxValue).Select(id => loaded.Predict(loaded.FeaturesOf(id)!)).ToList();
        Assert.All(probabilities, p => Assert.Equal(p.Probability >= 0.8 ? "Phone within a day" : p.Probability >= 0.2 ? "Email a 10% voucher" : "Monitor", p.NextAction));
        Assert.Contains(probabilities, p => p.Risk == ChurnRisk.High);
    }

    [Theory]
    [InlineData("calibration", "sigmoid", "must be one of auto, platt, isotonic, none")]
    [InlineData("action_high", " ", "'action_high' of algorithm 'logistic' is blank")]
    [InlineData("trees", "10", "Unknown hyperparameter(s) for algorithm 'logistic': trees")]
    public void Train_WhenATextHyperparameterIsWrong_SaysWhich(string key, string value, string message)
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(() => new ChurnPipeline().Train(Request(new() { [key] = value })));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_ServesFeaturesAsOfTheEndOfTheData()
    {
        var request = Request();
        var model = (ChurnModel)new ChurnPipeline().Train(request).Model;

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

        Assert.Contains("logistic, lightgbm", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Train_WhenTooFewCustomersAreLabelled_SaysHowMany()
    {
        var request = new TrainingRequest(ChurnTestData.SyntheticPopulation(customers: 8), "logistic", new Dictionary<string, string>());

        var error = Assert.Throws<InvalidTrainingRequestException>(() => new ChurnPipeline().Train(request));
        Assert.Contains("needs at least 20", error.Message, StringComparison.Ordinal);
    }

    private static MemoryStream Saved(ITrainedModel model)
    {
        var stream = new MemoryStream();
        model.Save(stream);
        stream.Position = 0;
        return stream;
    }
}
