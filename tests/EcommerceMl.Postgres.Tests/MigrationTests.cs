using Npgsql;

namespace EcommerceMl.Postgres.Tests;

public sealed class MigrationTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public async Task Migrate_AppliesEachMigrationOnce_AndCreatesEveryTable()
    {
        await using var dataSource = database.OpenDataSource();
        var ct = TestContext.Current.CancellationToken;

        var before = await PostgresMigrator.AppliedAsync(dataSource, ct);
        var first = await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: ct);
        var second = await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: ct);

        // Another test of this class may have migrated the database already.
        Assert.Equal(ShopSchema.Migrations.Select(m => m.Id).Except(before), first.Select(m => m.Id));
        Assert.Empty(second);
        Assert.Equal(ShopSchema.Migrations.Select(m => m.Id), await PostgresMigrator.AppliedAsync(dataSource, ct));
        foreach (var table in new[] { "customers", "products", "orders", "order_items", "events", "product_recommendations", "sales_forecast", "latest_product_recommendations", "latest_sales_forecast" })
        {
            Assert.Equal(1, await database.CountAsync($"SELECT count(*) FROM information_schema.tables WHERE table_name = '{table}'"));
        }
    }

    [Fact]
    public async Task Migrate_WhenAMigrationFails_LeavesNoTraceOfIt()
    {
        await using var dataSource = database.OpenDataSource();
        var ct = TestContext.Current.CancellationToken;
        await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: ct);
        Migration[] broken = [.. ShopSchema.Migrations, new(900, "half done", "CREATE TABLE half_done (id int); SELECT * FROM no_such_table;")];

        await Assert.ThrowsAsync<PostgresException>(() => PostgresMigrator.MigrateAsync(dataSource, broken, ct));

        Assert.Equal(0, await database.CountAsync("SELECT count(*) FROM information_schema.tables WHERE table_name = 'half_done'"));
        Assert.DoesNotContain(900, await PostgresMigrator.AppliedAsync(dataSource, ct));
    }

    [Fact]
    public async Task OutputTables_RejectADuplicateRecommendationPair()
    {
        await using var dataSource = database.OpenDataSource();
        var ct = TestContext.Current.CancellationToken;
        await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: ct);
        const string insert = "INSERT INTO product_recommendations VALUES ('dup-check', 'v1', 'A', 'B', 0.5, {0}, 3)";
        await using (var once = dataSource.CreateCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, insert, 1)))
        {
            await once.ExecuteNonQueryAsync(ct);
        }

        await using var twice = dataSource.CreateCommand(string.Format(System.Globalization.CultureInfo.InvariantCulture, insert, 2));
        var e = await Assert.ThrowsAsync<PostgresException>(() => twice.ExecuteNonQueryAsync(ct));

        Assert.Equal(PostgresErrorCodes.UniqueViolation, e.SqlState);
    }

    [Fact]
    public async Task DbMigrate_ReadsTheDatabaseFromTheOption_AndSaysWhenUpToDate()
    {
        var url = database.Require() is not null ? database.Url : string.Empty;

        var (exit, output, error) = await Ecml.RunAsync("db", "migrate", "--db", url);
        var (exitAgain, outputAgain, _) = await Ecml.RunAsync("db", "migrate", "--db", url);

        Assert.True(exit == 0, error);
        Assert.Contains("schema up to date", output, StringComparison.Ordinal);
        Assert.Equal(0, exitAgain);
        Assert.DoesNotContain("applied migration", outputAgain, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DbMigrate_WhenServerIsUnreachable_ExitsOneWithOneLine()
    {
        var (exit, _, error) = await Ecml.RunAsync("db", "migrate", "--db", "Host=127.0.0.1;Port=1;Database=x;Timeout=2");

        Assert.Equal(1, exit);
        Assert.StartsWith("error: database:", error, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error, StringComparison.Ordinal);
    }
}
