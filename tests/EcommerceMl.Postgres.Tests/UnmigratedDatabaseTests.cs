namespace EcommerceMl.Postgres.Tests;

/// <summary>A database nobody ran `ecml db migrate` on: every command says so instead of failing obscurely.</summary>
public sealed class UnmigratedDatabaseTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    [Fact]
    public void Read_WhenSchemaIsMissing_SaysToMigrateAndLoad()
    {
        var e = Assert.Throws<ArgumentException>(() => PostgresShopReader.Load(database.Require()));

        Assert.Contains("ecml db migrate", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Train_WhenSchemaIsMissing_ExitsTwoWithWhatToDo()
    {
        database.Require();
        using var store = new TemporaryFolder();

        var (exit, _, error) = await Ecml.RunAsync("train", "--task", "forecast", "--data", database.Url, "--store", store.Path, "--model", "shop-sales");

        Assert.Equal(2, exit);
        Assert.Contains("ecml db migrate", error, StringComparison.Ordinal);
    }
}
