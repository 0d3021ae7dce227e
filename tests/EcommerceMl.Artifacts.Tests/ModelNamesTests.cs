namespace EcommerceMl.Artifacts.Tests;

public sealed class ModelNamesTests
{
    [Theory]
    [InlineData("shop-recs", true)]
    [InlineData("a", true)]
    [InlineData("churn2", true)]
    [InlineData("0-forecast", true)]
    [InlineData("Shop", false)]
    [InlineData("-recs", false)]
    [InlineData("recs-", false)]
    [InlineData("shop.recs", false)]
    [InlineData("shop_recs", false)]
    [InlineData("..", false)]
    [InlineData("../x", false)]
    [InlineData("a/b", false)]
    [InlineData("", false)]
    [InlineData(null, false)]
    public void IsValidModelName_AcceptsOnlyDns1123Labels(string? name, bool expected) =>
        Assert.Equal(expected, ModelNames.IsValidModelName(name));

    [Fact]
    public void IsValidModelName_AllowsAtMost63Characters()
    {
        Assert.True(ModelNames.IsValidModelName(new string('a', 63)));
        Assert.False(ModelNames.IsValidModelName(new string('a', 64)));
    }

    [Fact]
    public void ValidateModelName_WhenInvalid_NamesTheValueAndTheRule()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelNames.ValidateModelName("Shop_Recs"));

        Assert.Contains("'Shop_Recs'", error.Message, StringComparison.Ordinal);
        Assert.Contains("DNS-1123", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("model.bin", true)]
    [InlineData("ALS_factors-v2.npy", true)]
    [InlineData("manifest.json", false)]
    [InlineData("MANIFEST.JSON", false)]
    [InlineData(".hidden", false)]
    [InlineData("..", false)]
    [InlineData("../model.bin", false)]
    [InlineData("dir/model.bin", false)]
    [InlineData("dir\\model.bin", false)]
    [InlineData("", false)]
    public void IsValidFileName_AcceptsOnlySafeSingleSegments(string name, bool expected) =>
        Assert.Equal(expected, ModelNames.IsValidFileName(name));
}
