using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Training;

public class HyperparametersTests
{
    private static Dictionary<string, string> Given(params (string Key, string Value)[] pairs) =>
        pairs.ToDictionary(p => p.Key, p => p.Value);

    [Fact]
    public void Constructor_WhenKeyUnknown_NamesItAndWhatIsAccepted()
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(
            () => new Hyperparameters("item-cosine", Given(("neighbours", "5")), ["neighbors", "shrinkage"]));

        Assert.Contains("neighbours", error.Message, StringComparison.Ordinal);
        Assert.Contains("Accepted: neighbors, shrinkage", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetInt_WhenAbsent_UsesDefaultAndRecordsIt()
    {
        var hp = new Hyperparameters("a", Given(), ["neighbors"]);

        Assert.Equal(50, hp.GetInt("neighbors", 50, 1, 1000));
        Assert.Equal("50", hp.Resolved["neighbors"]);
    }

    [Theory]
    [InlineData("abc", "a whole number")]
    [InlineData("0", "between 1 and 1000")]
    [InlineData("1001", "between 1 and 1000")]
    public void GetInt_WhenInvalid_SaysWhatItMustBe(string value, string expected)
    {
        var hp = new Hyperparameters("a", Given(("neighbors", value)), ["neighbors"]);

        var error = Assert.Throws<InvalidTrainingRequestException>(() => hp.GetInt("neighbors", 50, 1, 1000));
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("'neighbors'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("NaN")]
    [InlineData("-1")]
    [InlineData("x")]
    public void GetDouble_WhenInvalidOrOutOfRange_Refuses(string value)
    {
        var hp = new Hyperparameters("a", Given(("l2", value)), ["l2"]);

        Assert.Throws<InvalidTrainingRequestException>(() => hp.GetDouble("l2", 1.0, 0, 100));
    }

    [Fact]
    public void GetDouble_ParsesInvariantCulture()
    {
        var hp = new Hyperparameters("a", Given(("l2", "0.25")), ["l2"]);

        Assert.Equal(0.25, hp.GetDouble("l2", 1.0, 0, 100));
        Assert.Equal("0.25", hp.Resolved["l2"]);
    }
}
