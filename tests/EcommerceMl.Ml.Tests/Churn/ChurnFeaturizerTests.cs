using EcommerceMl.Ml.Churn;

namespace EcommerceMl.Ml.Tests.Churn;

public class ChurnFeaturizerTests
{
    private static ChurnFeatures With(params (string Column, string Value)[] attributes) =>
        new(10, 2, 30, 100, true) { Attributes = attributes.ToDictionary(a => a.Column, a => a.Value, StringComparer.Ordinal) };

    private static IEnumerable<ChurnFeatures> Repeat(int times, ChurnFeatures features) => Enumerable.Repeat(features, times);

    [Fact]
    public void Fit_OneHotsTextColumns_WithAnOtherColumnForRareAndUnseenValues()
    {
        var featurizer = ChurnFeaturizer.Fit(
            [.. Repeat(3, With(("Contract", "Two year"))), .. Repeat(2, With(("Contract", "Month-to-month"))), With(("Contract", "Weekly"))],
            minCategoryCount: 2);

        Assert.Equal(
            ["recency_days", "frequency", "avg_monetary", "tenure_days", "loyalty_member", "Contract=Month-to-month", "Contract=Two year", "Contract=(other)"],
            featurizer.Names);
        Assert.Equal([0, 1, 0], featurizer.Encode(With(("Contract", "Two year")))[5..]);
        Assert.Equal([0, 0, 1], featurizer.Encode(With(("Contract", "Weekly")))[5..]);
        Assert.Equal([0, 0, 1], featurizer.Encode(With(("Contract", "Never seen")))[5..]);
        Assert.Equal([0, 0, 0], featurizer.Encode(With())[5..]);
    }

    [Fact]
    public void Fit_KeepsNumbersAsNumbers_WithALogTwinForNonNegativeAmounts_AndMissingAsZero()
    {
        var featurizer = ChurnFeaturizer.Fit([With(("tenure", "0")), With(("tenure", "3")), With(("tenure", "72")), With(("SeniorCitizen", "1")), With(("SeniorCitizen", "0"))]);

        Assert.Equal(["SeniorCitizen", "tenure", "log1p(tenure)"], featurizer.Names.Skip(5));
        Assert.Equal([1, 72, Math.Log(73)], featurizer.Encode(With(("tenure", "72"), ("SeniorCitizen", "1")))[5..]);
        Assert.Equal([0, 0, 0], featurizer.Encode(With())[5..]);
    }

    [Fact]
    public void Encode_LogScalesTheBehaviouralAmounts()
    {
        var featurizer = ChurnFeaturizer.Fit([With()]);

        Assert.Equal([Math.Log(11), Math.Log(3), Math.Log(31), Math.Log(101), 1], featurizer.Encode(With()));
    }

    [Fact]
    public void Encode_WhenANumericColumnHoldsText_SaysWhichColumn()
    {
        var featurizer = ChurnFeaturizer.Fit([With(("MonthlyCharges", "29.85")), With(("MonthlyCharges", "56.95"))]);

        var error = Assert.Throws<ArgumentException>(() => featurizer.Encode(With(("MonthlyCharges", "cheap"))));

        Assert.Contains("'MonthlyCharges' is 'cheap'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_WhenAColumnWasNotInTraining_Refuses()
    {
        var featurizer = ChurnFeaturizer.Fit([With(("gender", "Female"))]);

        var error = Assert.Throws<ArgumentException>(() => featurizer.Encode(With(("Gender", "Female"))));

        Assert.Contains("'Gender' is not read by this model; its columns are gender", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fit_KeepsOnlyTheMostFrequentCategories()
    {
        var training = Enumerable.Range(0, ChurnFeaturizer.MaxCategories + 10)
            .SelectMany(i => Repeat(i + 1, With(("city", $"city{i:D3}"))));

        var featurizer = ChurnFeaturizer.Fit(training, minCategoryCount: 1);

        Assert.Equal(ChurnFeaturizer.MaxCategories + 1, featurizer.Names.Count(n => n.StartsWith("city=", StringComparison.Ordinal)));
        Assert.DoesNotContain("city=city000", featurizer.Names);
        Assert.Contains($"city=city{ChurnFeaturizer.MaxCategories + 9:D3}", featurizer.Names);
    }

    [Fact]
    public void Encode_IsTheSameIntoASpanAsIntoANewArray()
    {
        var featurizer = ChurnFeaturizer.Fit([With(("Contract", "Two year"), ("tenure", "5")), With(("Contract", "One year"), ("tenure", "7")), With(("tenure", "9"))], minCategoryCount: 1);
        var features = With(("Contract", "One year"), ("tenure", "7"));
        Span<double> into = stackalloc double[featurizer.Length];
        into.Fill(42);

        featurizer.Encode(features, into);

        Assert.Equal(featurizer.Encode(features), into.ToArray());
    }
}
