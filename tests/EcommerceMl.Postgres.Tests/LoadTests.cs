using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;

namespace EcommerceMl.Postgres.Tests;

public sealed class LoadTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Load_ThenRead_GivesBackTheSameRows()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = database.OpenDataSource();
        await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: ct);
        var shop = WithAttributesAndChurnLabels(TestShops.Small);

        var report = await PostgresShopLoader.LoadAsync(dataSource, shop, replace: true, ct);
        var read = PostgresShopReader.Load(database.Connection).Data;

        Assert.Equal(shop.OrderItems.Count, report.Rows["order_items"]);
        Assert.Equal(shop.Events.Count, report.Rows["events"]);
        var expected = ShopDataFingerprint.Compute(shop);
        var actual = ShopDataFingerprint.Compute(read);
        Assert.Equal(expected.Sha256, actual.Sha256);
        Assert.Equal(expected.Rows, actual.Rows);
        Assert.Equal(database.Connection.Display, read.Name);
        Assert.Equal(shop.Purchases.Sum(p => p.Revenue), read.Purchases.Sum(p => p.Revenue), 6);
    }

    [Fact]
    public async Task Load_WhenTablesHaveRows_RefusesUnlessReplacing()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = database.OpenDataSource();
        await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: ct);
        await PostgresShopLoader.LoadAsync(dataSource, TestShops.Small, replace: true, ct);

        var e = await Assert.ThrowsAsync<ArgumentException>(() => PostgresShopLoader.LoadAsync(dataSource, TestShops.Small, replace: false, ct));
        await PostgresShopLoader.LoadAsync(dataSource, TestShops.Small, replace: true, ct);

        Assert.Contains("--replace", e.Message, StringComparison.Ordinal);
        Assert.Equal(TestShops.Small.OrderItems.Count, await database.CountAsync("SELECT count(*) FROM order_items"));
    }

    [Fact]
    public async Task DbLoad_WhenACsvRowIsBad_ReportsItsLine_AndLoadsNothing()
    {
        var url = Url();
        Assert.Equal(0, (await Ecml.RunAsync("db", "migrate", "--db", url)).Exit);
        await Ecml.RunAsync("db", "load", "--db", url, "--from", "synthetic", "--customers", "50", "--products", "20", "--days", "30", "--replace");
        using var folder = new TemporaryFolder();
        ShopCsvWriter.Write(TestShops.Small, folder.Path);
        var lines = File.ReadAllLines(folder.File(ShopCsvFormat.OrderItemsFile));
        lines[7] = lines[7].Split(',')[0] + ",no-such-product,1,2.50";
        File.WriteAllLines(folder.File(ShopCsvFormat.OrderItemsFile), lines);
        var before = await database.CountAsync("SELECT count(*) FROM order_items");

        var (exit, _, error) = await Ecml.RunAsync("db", "load", "--db", url, "--from", folder.Path, "--replace");

        Assert.Equal(2, exit);
        Assert.Contains($"{ShopCsvFormat.OrderItemsFile}:8:", error, StringComparison.Ordinal);
        Assert.Contains("no-such-product", error, StringComparison.Ordinal);
        Assert.Equal(before, await database.CountAsync("SELECT count(*) FROM order_items"));
    }

    [Fact]
    public async Task DbLoad_FromACsvFolder_LoadsEveryTableAndSaysHowFast()
    {
        var url = Url();
        Assert.Equal(0, (await Ecml.RunAsync("db", "migrate", "--db", url)).Exit);
        using var folder = new TemporaryFolder();
        ShopCsvWriter.Write(TestShops.Small, folder.Path);

        var (exit, output, error) = await Ecml.RunAsync("db", "load", "--db", url, "--from", folder.Path, "--replace");

        Assert.True(exit == 0, error);
        Assert.Contains("rows/s", output, StringComparison.Ordinal);
        Assert.Equal(TestShops.Small.Customers.Count, await database.CountAsync("SELECT count(*) FROM customers"));
        Assert.Equal(TestShops.Small.Orders.Count, await database.CountAsync("SELECT count(*) FROM orders"));
        Assert.Equal(TestShops.Small.OrderItems.Count, await database.CountAsync("SELECT count(*) FROM order_items"));
        Assert.Equal(TestShops.Small.Events.Count, await database.CountAsync("SELECT count(*) FROM events"));
    }

    [Fact]
    public async Task Load_WhenARowBreaksAKey_RollsBackEverything_AndKeepsTheConstraints()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var dataSource = database.OpenDataSource();
        await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: ct);
        await PostgresShopLoader.LoadAsync(dataSource, TestShops.Small, replace: true, ct);
        var shop = TestShops.Small;
        // Not through ShopDataSources, so nothing validated it: the database's foreign key must catch it.
        var broken = new ShopData("broken", shop.Customers, shop.Products, shop.Orders,
            [.. shop.OrderItems, new OrderItem(shop.Orders[0].OrderId, "no-such-product", 1, 1)], []);
        var keys = await database.CountAsync("SELECT count(*) FROM pg_constraint WHERE contype = 'f'");
        var indexes = await database.CountAsync("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'");

        var e = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => PostgresShopLoader.LoadAsync(dataSource, broken, replace: true, ct));

        Assert.Equal(Npgsql.PostgresErrorCodes.ForeignKeyViolation, e.SqlState);
        Assert.Equal(shop.OrderItems.Count, await database.CountAsync("SELECT count(*) FROM order_items"));
        Assert.Equal(shop.Events.Count, await database.CountAsync("SELECT count(*) FROM events"));
        Assert.Equal(5, keys);
        Assert.Equal(keys, await database.CountAsync("SELECT count(*) FROM pg_constraint WHERE contype = 'f'"));
        Assert.Equal(indexes, await database.CountAsync("SELECT count(*) FROM pg_indexes WHERE schemaname = 'public'"));
    }

    [Fact]
    public void NumberLines_CountsLinesWithinEachOrder()
    {
        OrderItem[] items = [new("o1", "a", 1, 1), new("o2", "a", 1, 1), new("o1", "a", 2, 1), new("o1", "b", 1, 1)];

        var lines = PostgresShopLoader.NumberLines(items).Select(l => (l.Item.OrderId, l.Line)).ToList();

        Assert.Equal([("o1", 1), ("o2", 1), ("o1", 2), ("o1", 3)], lines);
    }

    private string Url() => database.Require() is null ? string.Empty : database.Url;

    private static ShopData WithAttributesAndChurnLabels(ShopData shop)
    {
        var customers = shop.Customers.Select((c, i) => i % 3 == 0
            ? c with { Churned = i % 2 == 0, Attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["segment"] = "b\"2b", ["zip"] = "0" + i } }
            : c).ToList();
        return new ShopData(shop.Name, customers, shop.Products, shop.Orders, shop.OrderItems, shop.Events);
    }
}
