using EcommerceMl.Contracts.Events;
using EcommerceMl.Inference.Dashboard;

namespace EcommerceMl.Postgres.Tests;

/// <summary>The dashboard's actuals read the servers' event table when the sink is PostgreSQL, as they read objects.</summary>
public sealed class DashboardActualsFromEventTableTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly DateOnly First = new(2026, 11, 1);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadDaysAsync_FromTheTable_ReadsNewestDayFirst_OnlyTheDaysAsked_AndAtTheCapNamesTheDayItCut()
    {
        // Two events on each of five days at 10:00 and 23:59:59 UTC, and one on the day after the span.
        var events = Enumerable.Range(0, 6).SelectMany(i => new[]
        {
            EventTables.Purchase($"e{i}a", $"o{i}a", At(First.AddDays(i), new TimeOnly(10, 0))),
            EventTables.Purchase($"e{i}b", $"o{i}b", At(First.AddDays(i), new TimeOnly(23, 59, 59))),
        }).ToArray();
        await EventTables.WriteOnlyAsync(database, Ct, events);
        await using var dataSource = database.OpenDataSource();
        var table = new PostgresEventTable(dataSource, database.Connection.Display);

        var all = new List<string>();
        var whole = await SinkEvents.ReadDaysAsync(table, First, First.AddDays(4), e => all.Add(e.Id), Ct);
        var some = new List<string>();
        var cut = await SinkEvents.ReadDaysAsync(table, First, First.AddDays(4), e => some.Add(e.Id), Ct, maxEvents: 5);

        Assert.Equal(["e4a", "e4b", "e3a", "e3b", "e2a", "e2b", "e1a", "e1b", "e0a", "e0b"], all);
        Assert.Equal((10L, false), (whole.Events, whole.Truncated));
        Assert.Equal(["e4a", "e4b", "e3a", "e3b", "e2a"], some);
        Assert.Equal(First.AddDays(2), cut.CutDay);
    }

    private static DateTimeOffset At(DateOnly day, TimeOnly time) => new(day.ToDateTime(time), TimeSpan.Zero);
}
