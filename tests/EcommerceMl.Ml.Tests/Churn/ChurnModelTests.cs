using EcommerceMl.Ml.Churn;

namespace EcommerceMl.Ml.Tests.Churn;

public class ChurnModelTests
{
    private static readonly ChurnDataset Dataset = ChurnLabeler.ForTraining(ChurnTestData.WithAttributes(ChurnTestData.SyntheticPopulation()), 60);

    [Theory]
    [InlineData("logistic")]
    [InlineData("lightgbm")]
    public void Predict_RatesALongInactiveCustomerRiskierThanARegular(string algorithm)
    {
        var model = Model(algorithm);

        var regular = model.Predict(new ChurnFeatures(RecencyDays: 3, Frequency: 20, AvgMonetary: 50, TenureDays: 300, LoyaltyMember: true));
        var gone = model.Predict(new ChurnFeatures(RecencyDays: 200, Frequency: 1, AvgMonetary: 50, TenureDays: 300, LoyaltyMember: true));

        Assert.True(gone.Probability > regular.Probability + 0.3, $"{gone.Probability} vs {regular.Probability}");
        Assert.Equal(ChurnRisk.High, gone.Risk);
        Assert.Equal(ChurnRisk.Low, regular.Risk);
        Assert.Equal("Call with a retention offer", gone.NextAction);
    }

    [Fact]
    public void Predict_WhenAFeatureIsNotFinite_NamesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => Model("logistic").Predict(new ChurnFeatures(double.NaN, 1, 1, 1, false)));

        Assert.Contains("recency_days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Predict_WhenAnAttributeIsNotOneTheModelReads_NamesTheColumnsItDoes()
    {
        var features = new ChurnFeatures(3, 1, 1, 1, false) { Attributes = new Dictionary<string, string> { ["Contrat"] = "Two year" } };

        var error = Assert.Throws<ArgumentException>(() => Model("logistic").Predict(features));

        Assert.Contains("'Contrat'", error.Message, StringComparison.Ordinal);
        Assert.Contains("plan, spend", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("logistic")]
    [InlineData("lightgbm")]
    public void SaveThenLoad_PredictsTheSameAndKnowsTheSameCustomers(string algorithm)
    {
        var model = Model(algorithm, new ChurnRiskPolicy(0.2, 0.7, "Nothing yet", "Email a voucher", "Phone them"));

        var loaded = Load(Bytes(model), algorithm);

        Assert.Equal(model.SampleCustomers(int.MaxValue), loaded.SampleCustomers(int.MaxValue));
        Assert.Equal(model.FeaturesAsOf, loaded.FeaturesAsOf);
        Assert.Equal(model.Policy, loaded.Policy);
        Assert.Equal(model.Calibrator.Method, loaded.Calibrator.Method);
        Assert.Equal(model.Classifier.Featurizer.Names, loaded.Classifier.Featurizer.Names);
        Assert.Equal(["plan", "spend"], loaded.AttributeColumns);
        foreach (var id in model.SampleCustomers(50))
        {
            Assert.Equal(model.FeaturesOf(id)!.Attributes, loaded.FeaturesOf(id)!.Attributes);
            Assert.Equal(model.Predict(model.FeaturesOf(id)!), loaded.Predict(loaded.FeaturesOf(id)!));
        }
    }

    [Fact]
    public void Save_WritesAFewBytesPerCustomer()
    {
        var model = Model("logistic");

        Assert.True(Bytes(model).Length < 2000 + (model.CustomerCount * 40), $"{Bytes(model).Length} bytes");
    }

    [Fact]
    public void Load_WhenTruncated_Refuses()
    {
        var bytes = Bytes(Model("logistic"));

        var error = Assert.Throws<InvalidDataException>(() => Load(bytes[..100], "logistic"));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenMarkerIsWrong_Refuses()
    {
        var bytes = Bytes(Model("logistic"));
        bytes[3] = 0;

        var error = Assert.Throws<InvalidDataException>(() => Load(bytes, "logistic"));
        Assert.Contains("ECMLCHRN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_AVersionOneFile_AsksForARetrain()
    {
        var bytes = Bytes(Model("logistic"));
        BitConverter.GetBytes(1).CopyTo(bytes, 8);

        var error = Assert.Throws<InvalidDataException>(() => Load(bytes, "logistic"));
        Assert.Contains("retrain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenTheAlgorithmDiffersFromTheManifest_Refuses()
    {
        var error = Assert.Throws<InvalidDataException>(() => Load(Bytes(Model("logistic")), "lightgbm"));

        Assert.Contains("'logistic', not 'lightgbm'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenBytesFollowTheModel_Refuses()
    {
        Assert.Throws<InvalidDataException>(() => Load([.. Bytes(Model("logistic")), 1], "logistic"));
    }

    private static ChurnModel Model(string algorithm, ChurnRiskPolicy? policy = null)
    {
        var options = new ChurnFitOptions(algorithm, Seed: 3, Trees: new LightGbmChurnOptions(Trees: 60, MinRowsPerLeaf: 10));
        var classifier = ChurnClassifier.Fit(Dataset.Examples, options);
        var calibrator = ProbabilityCalibrator.Fit(CalibrationMethod.Platt, classifier.Probabilities(Dataset.Examples), [.. Dataset.Examples.Select(e => e.Churned)]);
        var customers = Dataset.Examples.Select(e => KeyValuePair.Create(e.CustomerId, e.Features));
        return new ChurnModel(classifier, calibrator, policy ?? ChurnRiskPolicy.Default, Dataset.Cutoff, customers);
    }

    private static byte[] Bytes(ChurnModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    private static ChurnModel Load(byte[] bytes, string algorithm) => (ChurnModel)new ChurnPipeline().Load(algorithm, new MemoryStream(bytes));
}
