using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Cli.Tests;

public sealed class EventsCommandTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 9, 30, 0, TimeSpan.Zero);
    private readonly string _store = Directory.CreateTempSubdirectory("ecml-events-compact-").FullName;

    public void Dispose() => Directory.Delete(_store, recursive: true);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>One event in an object of its own (two in an hour make it worth compacting).</summary>
    private async Task WriteAsync(DateTimeOffset receivedAt, string id)
    {
        var e = new ShopEventRecord
        {
            SchemaVersion = EventSchema.V2,
            Id = id,
            Type = EventSchema.ProductView,
            OccurredAt = receivedAt,
            ReceivedAt = receivedAt,
            SessionId = "s1",
            VisitorId = "v1",
            ProductId = "p1",
        };
        await new LocalEventObjects(_store).PutAsync(EventSinkLayout.ObjectPath(receivedAt, "w", receivedAt.Ticks), EventSinkReader.Encode([EventJson.ToLine(e)]), Ct);
    }

    [Fact]
    public async Task Compact_RewritesEachClosedHourOnce_AndTheReadGivesTheSameEvents()
    {
        await WriteAsync(Now.AddHours(-3), "e1");
        await WriteAsync(Now.AddHours(-3).AddMinutes(1), "e1b");
        await WriteAsync(Now.AddHours(-2), "e2");
        await WriteAsync(Now.AddHours(-2).AddMinutes(1), "e2b");
        await WriteAsync(Now.AddHours(-4), "small"); // one object of one event: not worth it
        await WriteAsync(Now.AddDays(-3), "old"); // outside --days 1
        await WriteAsync(Now.AddDays(-3).AddMinutes(1), "old-b");
        await WriteAsync(Now, "open"); // the hour of now is still open
        await WriteAsync(Now.AddMinutes(1), "open-b");
        var time = new FakeTimeProvider(Now);

        var first = await Ecml.RunAsync(time, "events", "compact", "--events", _store, "--days", "1");
        var again = await Ecml.RunAsync(time, "events", "compact", "--events", _store, "--days", "1");

        Assert.Equal((0, ""), (first.Exit, first.Error));
        Assert.StartsWith($"compacted 2 closed hour(s) of events in {_store} over the last 1 day(s)", first.Output, StringComparison.Ordinal);
        Assert.StartsWith("compacted 0 closed hour(s)", again.Output, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_store, EventSinkLayout.CompactedPath(Now.AddHours(-3)))));
        Assert.False(File.Exists(Path.Combine(_store, EventSinkLayout.CompactedPath(Now))));
        Assert.False(File.Exists(Path.Combine(_store, EventSinkLayout.CompactedPath(Now.AddDays(-3)))));
        var reader = new EventSinkReader(new LocalEventObjects(_store));
        var read = await reader.ReadColumnsAsync(Now.AddDays(-4), Now.AddHours(1), Ct);
        Assert.False(File.Exists(Path.Combine(_store, EventSinkLayout.CompactedPath(Now.AddHours(-4)))));
        Assert.Equal(["old", "old-b", "small", "e1", "e1b", "e2", "e2b", "open", "open-b"], Enumerable.Range(0, read.Count).Select(read.IdText));
        Assert.Equal(2, reader.Compaction.HoursRead);
    }

    [Fact]
    public async Task Compact_OfALocationWithoutEvents_SaysSo_RatherThanCompactingNothing()
    {
        var missing = Path.Combine(_store, "not-the-store");

        var (exit, output, error) = await Ecml.RunAsync("events", "compact", "--events", missing);

        Assert.Equal((0, ""), (exit, error));
        Assert.StartsWith($"{missing} holds no event partitions (events/dt=…): nothing to compact.", output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0", "--days must be between 1 and 3650; got 0.")]
    [InlineData("3651", "--days must be between 1 and 3650; got 3651.")]
    public async Task Compact_RefusesADaysOutOfRange(string days, string message)
    {
        var (exit, _, error) = await Ecml.RunAsync("events", "compact", "--events", _store, "--days", days);

        Assert.Equal((2, $"error: {message}"), (exit, error.Trim()));
    }

    [Fact]
    public async Task Compact_OfAPostgresSink_SaysThereIsNothingToCompact()
    {
        var (exit, _, error) = await Ecml.RunAsync("events", "compact", "--events", "postgres://shop@localhost:5432/shop");

        Assert.Equal(2, exit);
        Assert.Contains("PostgreSQL sink", error, StringComparison.Ordinal);
    }
}
