using System.ComponentModel.DataAnnotations;
using EcommerceMl.Inference.Options;

namespace EcommerceMl.Inference.Tests.Events;

public sealed class EventSinkOptionsTests
{
    [Fact]
    public void Postgres_WithASinkToo_IsRefused_NamingBoth()
    {
        var errors = Validate(new EventSinkOptions { Postgres = "postgres://ecml@db:5432/shop", Sink = "s3://shop/ml" });

        var error = Assert.Single(errors);
        Assert.Contains("Ecml:Events:Postgres", error, StringComparison.Ordinal);
        Assert.Contains("Ecml:Events:Sink", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_ThatNamesNoDatabase_IsRefused_WithoutQuotingItsPassword()
    {
        var error = Assert.Single(Validate(new EventSinkOptions { Postgres = "postgres://ecml:s3cret@db:5432/" }));

        Assert.Contains("names no database", error, StringComparison.Ordinal);
        Assert.DoesNotContain("s3cret", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Postgres_Alone_IsValid_AndChoosesTheTable()
    {
        var options = new EventSinkOptions { Postgres = "Host=db;Database=shop;Username=ecml;Password=s3cret" };

        Assert.Empty(Validate(options));
        Assert.True(options.UsesPostgres);
    }

    private static List<string> Validate(EventSinkOptions options) =>
        [.. options.Validate(new ValidationContext(options)).Select(r => r.ErrorMessage ?? "")];
}
