using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer.Tests;

public class HyperparameterArgumentsTests
{
    [Fact]
    public void Parse_ReadsKeyValuePairs_TrimmingSpaces()
    {
        var parsed = HyperparameterArguments.Parse(["neighbors=20", " shrinkage = 5 ", "empty="]);

        Assert.Equal("20", parsed["neighbors"]);
        Assert.Equal("5", parsed["shrinkage"]);
        Assert.Equal(string.Empty, parsed["empty"]);
    }

    [Theory]
    [InlineData("neighbors")]
    [InlineData("=5")]
    public void Parse_WhenNotKeyValue_SaysHowToWriteIt(string argument)
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(() => HyperparameterArguments.Parse([argument]));

        Assert.Contains("key=value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenKeyGivenTwice_Refuses()
    {
        var error = Assert.Throws<InvalidTrainingRequestException>(() => HyperparameterArguments.Parse(["k=1", "k=2"]));

        Assert.Contains("'k' is given twice", error.Message, StringComparison.Ordinal);
    }
}
