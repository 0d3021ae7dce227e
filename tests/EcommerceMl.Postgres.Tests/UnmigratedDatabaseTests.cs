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

        // The test server trusts every login, so a password is accepted and must never be printed.
        var withPassword = database.Url.Replace("postgres@", "postgres:hunter2@", StringComparison.Ordinal);

        var (exit, output, error) = await Ecml.RunAsync("train", "--task", "forecast", "--data", withPassword, "--store", store.Path, "--model", "shop-sales");

        Assert.Equal(2, exit);
        Assert.Contains("ecml db migrate", error, StringComparison.Ordinal);
        Assert.Contains(database.Connection.Display, output, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", output + error, StringComparison.Ordinal);
    }
}
