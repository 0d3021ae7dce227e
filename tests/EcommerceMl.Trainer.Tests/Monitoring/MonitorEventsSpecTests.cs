namespace EcommerceMl.Trainer.Tests.Monitoring;

/// <summary>The monitor's <c>--events</c>: true and false as before, and the trainer's sink forms besides.</summary>
public sealed class MonitorEventsSpecTests
{
    [Theory]
    [InlineData(null, "store")]
    [InlineData("", "store")]
    [InlineData("true", "store")]
    [InlineData(" True ", "store")]
    [InlineData("store", "store")]
    [InlineData("false", null)]
    [InlineData("FALSE", null)]
    [InlineData("none", null)]
    [InlineData("postgres://ecml:secret@db:5432/shop", "postgres://ecml:secret@db:5432/shop")]
    [InlineData(" s3://bucket/sink ", "s3://bucket/sink")]
    public void EventsSpec_NamesTheSinkTheValueMeans(string? value, string? spec)
    {
        Assert.Equal(spec, MonitorCommand.EventsSpec(value));
    }

    [Fact]
    public void Sink_OfAFolder_ReadsItsObjects()
    {
        using var folder = new TemporaryFolder();

        var sink = EventSinkSource.From(MonitorCommand.EventsSpec(folder.Path), "/unused", "--events");

        Assert.NotNull(sink?.Objects);
        Assert.Equal(folder.Path, sink.Location);
    }
}
