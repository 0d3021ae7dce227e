using EcommerceMl.Ml.Search;

namespace EcommerceMl.Ml.Tests.Search;

public sealed class TypoMatcherTests
{
    [Theory]
    [InlineData("candle", "candl", true)]
    [InlineData("candle", "candlex", true)]
    [InlineData("candle", "cendle", true)]
    [InlineData("candle", "cnadle", true)]
    [InlineData("candle", "candle", false)]
    [InlineData("candle", "cnadel", false)]
    [InlineData("candle", "handles", false)]
    [InlineData("candle", "xandlx", false)]
    public void IsOneEdit_AcceptsExactlyOneInsertionDeletionSubstitutionOrSwap(string a, string b, bool expected)
    {
        Assert.Equal(expected, TypoMatcher.IsOneEdit(a, b));
        Assert.Equal(expected, TypoMatcher.IsOneEdit(b, a));
    }

    [Fact]
    public void Neighbours_OfAWordOfFiveLettersOrMore_AreTheWordsOneEditAway()
    {
        var matcher = new TypoMatcher(["lamp", "pillow", "pillows", "willow", "pillar"]);

        Assert.Equal([1], matcher.Neighbours("pilow"));
        Assert.Equal([1, 3], matcher.Neighbours("billow").Order());
    }

    [Fact]
    public void Neighbours_OfAShortWord_AreNone()
    {
        var matcher = new TypoMatcher(["lamp", "lame"]);

        Assert.Empty(matcher.Neighbours("lamq"));
    }
}
