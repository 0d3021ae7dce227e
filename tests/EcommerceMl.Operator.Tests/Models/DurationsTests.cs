using System.Text.RegularExpressions;
using EcommerceMl.Operator.Models;

namespace EcommerceMl.Operator.Tests.Models;

public sealed class DurationsTests
{
    [Theory]
    [InlineData("90s", 90)]
    [InlineData("1h30m", 5400)]
    [InlineData("14d", 14 * 86400)]
    [InlineData("1d2h3m4s", 86400 + 7200 + 180 + 4)]
    public void Parse_ReadsDaysHoursMinutesSeconds(string text, int seconds)
    {
        var (value, error) = Durations.Parse(text, "spec.coolDown");

        Assert.Null(error);
        Assert.Equal(TimeSpan.FromSeconds(seconds), value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("1w")]
    [InlineData("30m1h")]
    [InlineData("1.5h")]
    [InlineData("h")]
    public void Parse_RefusesOtherTexts_NamingTheField(string text)
    {
        var (value, error) = Durations.Parse(text, "spec.coolDown");

        Assert.Null(value);
        Assert.StartsWith($"spec.coolDown '{text}' is not a duration", error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("90s")]
    [InlineData("1h30m")]
    [InlineData("30m1h")]
    [InlineData("1w")]
    [InlineData("5")]
    public void SchemaPattern_AcceptsWhatTheParserAccepts(string text) =>
        Assert.Equal(Durations.Parse(text, "f").Error is null, Regex.IsMatch(text, Durations.SchemaPattern));

    [Fact]
    public void Format_IsTheShortestText() => Assert.Equal("1d2h", Durations.Format(TimeSpan.FromHours(26)));
}
