using EcommerceMl.Artifacts;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Postgres.Tests;

/// <summary><c>ecml monitor</c> reads the event sink the servers write to when that is the PostgreSQL table, as training does.</summary>
public sealed class MonitorFromEventTableTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Monitor_WithEventsFromTheDatabase_ReadsTheTable_IntoTheReport_AndNeverPrintsThePassword()
    {
        var now = DateTimeOffset.UtcNow;
        await EventTables.WriteOnlyAsync(database, Ct,
            EventTables.Purchase("mon-1", "web-mon-1", now.AddMinutes(-30)),
            EventTables.Purchase("mon-2", "web-mon-2", now.AddMinutes(-20)),
            EventTables.Purchase("mon-old", "web-mon-old", now.AddDays(-400)));
        using var store = new TemporaryFolder();
        var trained = await Ecml.RunAsync(
            "train", "--task", "recommendation", "--algorithm", "popularity", "--data", "synthetic", "--store", store.Path, "--model", "shop-recs");
        Assert.True(trained.Exit == 0, trained.Output + trained.Error);

        var (exit, output, error) = await Ecml.RunAsync(
            "monitor", "--model", "shop-recs", "--data", "synthetic", "--store", store.Path, "--events", database.Url, "--min-samples", "100");

        Assert.True(exit == 0, output + error);
        var manifest = (await new LocalModelStore(store.Path).GetManifestAsync("shop-recs", cancellationToken: Ct))!;
        var report = Assert.Single((await new LocalModelStore(store.Path).ListMonitoringReportsAsync("shop-recs", manifest.Version, cancellationToken: Ct)).Reports);
        Assert.Contains($"event sink {database.Connection.Display} (received_events) (2 events)", report.Window.Sources);
        if (database.Url.Contains(':', StringComparison.Ordinal) && new Uri(database.Url).UserInfo.Split(':') is [_, { Length: > 0 } password])
        {
            Assert.DoesNotContain(password, output + error, StringComparison.Ordinal);
        }
    }
}
