using EcommerceMl.Ml.Search;

namespace EcommerceMl.Ml.Tests.Search;

public sealed class SearchTextTests
{
    [Fact]
    public void Tokenize_SplitsOnPunctuation_FoldsCaseAndAccents_AndDropsStopWords()
    {
        var tokens = SearchText.Tokenize("The CRÈME T-Light, for men's bags");

        Assert.Equal(["creme", "t", "light", "mens", "bags"], tokens.Select(t => t.Word));
        Assert.Equal((4, 5), (tokens[0].Start, tokens[0].Length));
    }

    [Fact]
    public void Tokenize_StemsEveryWord_SoInflectionsMeetOnOneTerm()
    {
        Assert.Equal(SearchText.Stems("lamps").Single(), SearchText.Stems("lamp").Single());
        Assert.Equal(SearchText.Stems("candles").Single(), SearchText.Stems("candle").Single());
        Assert.Equal(SearchText.Stems("lighting").Single(), SearchText.Stems("lights").Single());
    }

    [Fact]
    public void Tokenize_OfNothing_IsEmpty()
    {
        Assert.Empty(SearchText.Tokenize(null));
        Assert.Empty(SearchText.Tokenize("  -- , the "));
    }

    [Theory]
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("cats", "cat")]
    [InlineData("agreed", "agre")]
    [InlineData("plastered", "plaster")]
    [InlineData("motoring", "motor")]
    [InlineData("hopping", "hop")]
    [InlineData("filing", "file")]
    [InlineData("happy", "happi")]
    [InlineData("relational", "relat")]
    [InlineData("conditional", "condit")]
    [InlineData("hopefulness", "hope")]
    [InlineData("electrical", "electr")]
    [InlineData("adoption", "adopt")]
    [InlineData("generalizations", "gener")]
    [InlineData("controll", "control")]
    [InlineData("rate", "rate")]
    [InlineData("sky", "sky")]
    [InlineData("a4", "a4")]
    public void PorterStemmer_GivesThePublishedStems(string word, string stem) => Assert.Equal(stem, PorterStemmer.Stem(word));
}
