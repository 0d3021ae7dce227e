using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;

namespace EcommerceMl.Postgres.Tests;

/// <summary>`ecml db load --append` against a real PostgreSQL: a shop fed a day at a time, re-runs, changed rows.</summary>
public sealed class AppendTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static readonly ShopData Shop = TestShops.Small;

    private static readonly DateTime LastDay = Shop.Orders.Select(o => o.OrderedAt).Concat(Shop.Events.Select(e => e.OccurredAt)).Max().Date;

    [Fact]
    public async Task Append_DayByDay_GivesTheSameShopAsOneLoad()
    {
        await using var dataSource = await EmptyShopAsync();

        // Everything before the last four days at once (with every customer and product), then one day at a time.
        await PostgresShopAppender.AppendAsync(dataSource, Slice(DateTime.MinValue, LastDay.AddDays(-3), everyone: true), TestContext.Current.CancellationToken);
        var reports = new List<ShopAppendReport>();
        for (var day = LastDay.AddDays(-3); day <= LastDay; day = day.AddDays(1))
        {
            reports.Add(await PostgresShopAppender.AppendAsync(dataSource, Slice(day, day.AddDays(1)), TestContext.Current.CancellationToken));
        }

        var read = PostgresShopReader.Load(database.Connection).Data;
        Assert.Equal(Shop.Customers.Count, read.Customers.Count);
        Assert.Equal(Shop.Orders.Count, read.Orders.Count);
        Assert.Equal(Shop.OrderItems.Count, read.OrderItems.Count);
        Assert.Equal(Shop.Events.Count, read.Events.Count);
        Assert.Equal(Shop.Purchases.Sum(p => p.Revenue), read.Purchases.Sum(p => p.Revenue), 6);
        Assert.Equal(ShopDataFingerprint.Compute(Shop).Rows, ShopDataFingerprint.Compute(read).Rows);

        // A day's feed carries the customers and products it refers to: they are there already, unchanged.
        var lastDay = reports[^1];
        Assert.True(lastDay.Tables["orders"].Inserted > 0);
        Assert.Equal(lastDay.Tables["orders"].Given, lastDay.Tables["orders"].Inserted);
        Assert.Equal(0, lastDay.Tables["customers"].Inserted + lastDay.Tables["customers"].Updated);
        Assert.Equal(lastDay.Tables["customers"].Given, lastDay.Tables["customers"].Unchanged);
    }

    [Fact]
    public async Task Append_TheSameDayAgain_ChangesNothing()
    {
        await using var dataSource = await EmptyShopAsync();
        await PostgresShopAppender.AppendAsync(dataSource, Slice(DateTime.MinValue, LastDay, everyone: true), TestContext.Current.CancellationToken);
        var day = Slice(LastDay, LastDay.AddDays(1));
        await PostgresShopAppender.AppendAsync(dataSource, day, TestContext.Current.CancellationToken);
        var before = await SnapshotAsync();

        var again = await PostgresShopAppender.AppendAsync(dataSource, day, TestContext.Current.CancellationToken);

        Assert.Equal(0, again.WrittenRows);
        Assert.All(again.Tables.Values, t => Assert.Equal(t.Given, t.Unchanged));
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task Append_ACustomerOrProductThatChanged_UpdatesItAndLeavesTheRest()
    {
        await using var dataSource = await EmptyShopAsync();
        await PostgresShopAppender.AppendAsync(dataSource, Shop, TestContext.Current.CancellationToken);
        var customer = Shop.Customers[3];
        var product = Shop.Products[5];
        var changed = new ShopData(
            "changed",
            [customer with { LoyaltyMember = !customer.LoyaltyMember, Churned = true }, Shop.Customers[4]],
            [product with { Price = product.Price + 1.25 }],
            [],
            [],
            []);

        var report = await PostgresShopAppender.AppendAsync(dataSource, changed, TestContext.Current.CancellationToken);

        Assert.Equal(new TableAppendCounts(2, 0, 1), report.Tables["customers"]);
        Assert.Equal(new TableAppendCounts(1, 0, 1), report.Tables["products"]);
        Assert.Equal(1, await database.CountAsync($"SELECT count(*) FROM customers WHERE customer_id = '{customer.CustomerId}' AND loyalty_member = {(!customer.LoyaltyMember).ToString().ToLowerInvariant()} AND churned"));
        Assert.Equal(1, await database.CountAsync($"SELECT count(*) FROM products WHERE product_id = '{product.ProductId}' AND price = {(product.Price + 1.25).ToString(System.Globalization.CultureInfo.InvariantCulture)}"));
    }

    [Theory]
    [InlineData("time", "(customer_id or ordered_at)")]
    [InlineData("quantity", "(its lines)")]
    [InlineData("extra line", "(its lines)")]
    public async Task Append_AStoredOrderWithOtherValues_IsRefusedNamingItAndWritesNothing(string change, string what)
    {
        await using var dataSource = await EmptyShopAsync();
        await PostgresShopAppender.AppendAsync(dataSource, Slice(DateTime.MinValue, LastDay, everyone: true), TestContext.Current.CancellationToken);
        var day = Slice(LastDay, LastDay.AddDays(1));
        var order = Shop.Orders.First(o => o.OrderedAt < LastDay);
        var lines = Shop.OrderItems.Where(i => i.OrderId == order.OrderId).ToList();
        var customer = Shop.Customers.Single(c => c.CustomerId == order.CustomerId);
        (Order, List<OrderItem>) altered = change switch
        {
            "time" => (order with { OrderedAt = order.OrderedAt.AddMinutes(1) }, lines),
            "quantity" => (order, [lines[0] with { Quantity = lines[0].Quantity + 1 }, .. lines.Skip(1)]),
            _ => (order, [.. lines, lines[0]]),
        };
        var products = Shop.Products.Where(p => altered.Item2.Any(i => i.ProductId == p.ProductId)).Concat(day.Products).DistinctBy(p => p.ProductId).ToList();
        var feed = new ShopData("feed", [.. day.Customers.Where(c => c.CustomerId != customer.CustomerId), customer], products,
            [.. day.Orders, altered.Item1], [.. day.OrderItems, .. altered.Item2], day.Events);
        var before = await SnapshotAsync();

        var e = await Assert.ThrowsAsync<ArgumentException>(() => PostgresShopAppender.AppendAsync(dataSource, feed, TestContext.Current.CancellationToken));

        Assert.Contains($"'{order.OrderId}' {what}", e.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was written", e.Message, StringComparison.Ordinal);
        Assert.Equal(before, await SnapshotAsync());
    }

    [Fact]
    public async Task DbLoadAppend_FromADaysCsvFolder_ReportsNewRowsThenNothingOnARerun()
    {
        await using var dataSource = await EmptyShopAsync();
        await PostgresShopAppender.AppendAsync(dataSource, Slice(DateTime.MinValue, LastDay, everyone: true), TestContext.Current.CancellationToken);
        using var folder = new TemporaryFolder();
        var day = Slice(LastDay, LastDay.AddDays(1));
        ShopCsvWriter.Write(day, folder.Path);

        var first = await Ecml.RunAsync("db", "load", "--db", database.Url, "--from", folder.Path, "--append");
        var second = await Ecml.RunAsync("db", "load", "--db", database.Url, "--from", folder.Path, "--append");
        var both = await Ecml.RunAsync("db", "load", "--db", database.Url, "--from", folder.Path, "--append", "--replace");

        Assert.True(first.Exit == 0, first.Error);
        Assert.Contains($"orders {day.Orders.Count:N0} new, 0 updated, 0 unchanged", first.Output, StringComparison.Ordinal);
        Assert.Contains("rows/s", first.Output, StringComparison.Ordinal);
        Assert.True(second.Exit == 0, second.Error);
        Assert.Contains($"orders 0 new, 0 updated, {day.Orders.Count:N0} unchanged", second.Output, StringComparison.Ordinal);
        Assert.Contains(", 0 written", second.Output, StringComparison.Ordinal);
        Assert.Equal(2, both.Exit);
        Assert.Contains("--replace or --append, not both", both.Error, StringComparison.Ordinal);
        Assert.Equal(Shop.Orders.Count, await database.CountAsync("SELECT count(*) FROM orders"));
    }

    /// <summary>
    /// The orders (with their lines) and events in [from, to), with the customers and products they refer to — what a
    /// shop's daily export holds; <paramref name="everyone"/> adds every customer and product (the first feed).
    /// </summary>
    private static ShopData Slice(DateTime from, DateTime to, bool everyone = false)
    {
        var orders = Shop.Orders.Where(o => o.OrderedAt >= from && o.OrderedAt < to).ToList();
        var ids = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        var items = Shop.OrderItems.Where(i => ids.Contains(i.OrderId)).ToList();
        var events = Shop.Events.Where(e => e.OccurredAt >= from && e.OccurredAt < to).ToList();
        var customers = orders.Select(o => o.CustomerId).Concat(events.Select(e => e.CustomerId)).ToHashSet(StringComparer.Ordinal);
        var products = items.Select(i => i.ProductId).Concat(events.Select(e => e.ProductId)).ToHashSet(StringComparer.Ordinal);
        return new ShopData(
            $"{from:yyyy-MM-dd}..{to:yyyy-MM-dd}",
            [.. Shop.Customers.Where(c => everyone || customers.Contains(c.CustomerId))],
            [.. Shop.Products.Where(p => everyone || products.Contains(p.ProductId))],
            orders,
            items,
            events);
    }

    private async Task<Npgsql.NpgsqlDataSource> EmptyShopAsync()
    {
        database.Require();
        var dataSource = database.OpenDataSource();
        await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: TestContext.Current.CancellationToken);
        await using var command = dataSource.CreateCommand("TRUNCATE events, order_items, orders, products, customers RESTART IDENTITY");
        await command.ExecuteNonQueryAsync(TestContext.Current.CancellationToken);
        return dataSource;
    }

    /// <summary>Every table's rows and a hash of their contents and row versions: equal only when no row was written.</summary>
    private async Task<string> SnapshotAsync()
    {
        var parts = new List<string>();
        foreach (var table in PostgresShopLoader.Tables)
        {
            parts.Add($"{table} {await database.CountAsync($"SELECT count(*) FROM {table}")} " +
                $"{await database.CountAsync($"SELECT coalesce(sum(hashtext(t::text)::bigint + xmin::text::bigint), 0) FROM {table} t")}");
        }

        return string.Join("; ", parts);
    }
}
