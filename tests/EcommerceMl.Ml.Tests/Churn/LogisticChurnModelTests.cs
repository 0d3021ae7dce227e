using EcommerceMl.Ml.Churn;

namespace EcommerceMl.Ml.Tests.Churn;

public class LogisticChurnModelTests
{
    private static readonly ChurnDataset Dataset = ChurnLabeler.Label(ChurnTestData.SyntheticPopulation(), 60);

    [Fact]
    public void Probability_InPureCSharp_EqualsMlNetsOwnPrediction()
    {
        var (standardizer, fit) = ChurnPipeline.Fit(Dataset.Examples, l2: 1.0, seed: 3);
        var rows = Dataset.Examples.Select(e => standardizer.Apply(ChurnFeatureVector.ModelInput(e.Features))).ToList();

        var oracle = fit.PredictWithMlNet(rows);

        for (var i = 0; i < rows.Count; i++)
        {
            // ML.NET scores in float32; the pure path in float64.
            Assert.Equal(oracle[i], fit.Logit.Probability(rows[i]), tolerance: 1e-5);
        }

        Assert.Contains(oracle, p => p > 0.5);
        Assert.Contains(oracle, p => p < 0.5);
    }

    [Fact]
    public void Predict_GivesRiskBandAndActionFromTheThresholds()
    {
        var policy = new ChurnRiskPolicy(0.3, 0.6);

        Assert.Equal(ChurnRisk.Low, policy.Band(0.29));
        Assert.Equal(ChurnRisk.Medium, policy.Band(0.3));
        Assert.Equal(ChurnRisk.High, policy.Band(0.6));
        Assert.Equal("Monitor", ChurnRiskPolicy.NextAction(ChurnRisk.Low));
        Assert.Equal("Send a personalised offer", ChurnRiskPolicy.NextAction(ChurnRisk.Medium));
        Assert.Equal("Call with a retention offer", ChurnRiskPolicy.NextAction(ChurnRisk.High));
    }

    [Fact]
    public void Predict_RatesALongInactiveCustomerRiskierThanARegular()
    {
        var model = Model();

        var regular = model.Predict(new ChurnFeatures(RecencyDays: 3, Frequency: 20, AvgMonetary: 50, TenureDays: 300, LoyaltyMember: true));
        var gone = model.Predict(new ChurnFeatures(RecencyDays: 200, Frequency: 1, AvgMonetary: 50, TenureDays: 300, LoyaltyMember: true));

        Assert.True(gone.Probability > regular.Probability);
        Assert.Equal(ChurnRisk.High, gone.Risk);
        Assert.Equal(ChurnRisk.Low, regular.Risk);
    }

    [Fact]
    public void Predict_WhenAFeatureIsNotFinite_NamesIt()
    {
        var error = Assert.Throws<ArgumentException>(() => Model().Predict(new ChurnFeatures(double.NaN, 1, 1, 1, false)));

        Assert.Contains("recency_days", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SaveThenLoad_PredictsTheSameAndKnowsTheSameCustomers()
    {
        var model = Model();

        var loaded = (LogisticChurnModel)new ChurnPipeline().Load("logistic", new MemoryStream(Bytes(model)));

        Assert.Equal(model.SampleCustomers(int.MaxValue), loaded.SampleCustomers(int.MaxValue));
        Assert.Equal(model.FeaturesAsOf, loaded.FeaturesAsOf);
        Assert.Equal(model.Policy, loaded.Policy);
        foreach (var id in model.SampleCustomers(50))
        {
            Assert.Equal(model.FeaturesOf(id), loaded.FeaturesOf(id));
            Assert.Equal(model.Predict(model.FeaturesOf(id)!), loaded.Predict(loaded.FeaturesOf(id)!));
        }
    }

    [Fact]
    public void Save_WritesAFewBytesPerCustomer()
    {
        var model = Model();

        Assert.True(Bytes(model).Length < 200 + (model.CustomerCount * 30));
    }

    [Fact]
    public void Load_WhenTruncated_Refuses()
    {
        var bytes = Bytes(Model());

        var error = Assert.Throws<InvalidDataException>(() => Load(bytes[..100]));
        Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenMarkerIsWrong_Refuses()
    {
        var bytes = Bytes(Model());
        bytes[3] = 0;

        var error = Assert.Throws<InvalidDataException>(() => Load(bytes));
        Assert.Contains("ECMLCHRN", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenAWeightIsNotANumber_Refuses()
    {
        var bytes = Bytes(Model());
        // Marker 8, version 4, "logistic" 4 + 8, feature count 4, means and stds 2 × 40: the first weight.
        BitConverter.GetBytes(double.NaN).CopyTo(bytes, 8 + 4 + 12 + 4 + 80);

        var error = Assert.Throws<InvalidDataException>(() => Load(bytes));
        Assert.Contains("weights", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenBytesFollowTheModel_Refuses()
    {
        Assert.Throws<InvalidDataException>(() => Load([.. Bytes(Model()), 1]));
    }

    private static LogisticChurnModel Model()
    {
        var (standardizer, fit) = ChurnPipeline.Fit(Dataset.Examples, l2: 1.0, seed: 3);
        var customers = Dataset.Examples.Select(e => KeyValuePair.Create(e.CustomerId, e.Features));
        return new LogisticChurnModel(standardizer, fit.Logit, ChurnRiskPolicy.Default, Dataset.Cutoff, customers);
    }

    private static byte[] Bytes(LogisticChurnModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    private static LogisticChurnModel Load(byte[] bytes) => (LogisticChurnModel)new ChurnPipeline().Load("logistic", new MemoryStream(bytes));
}
