namespace EcommerceMl.Postgres.Tests;

public sealed class PostgresConnectionTests
{
    [Fact]
    public void Parse_WhenUrlHasPassword_KeepsItInTheConnectionStringButNotInTheDisplay()
    {
        var connection = PostgresConnection.Parse("postgres://shop:s%40cret@db.example:6543/orders");

        Assert.Contains("Password=s@cret", connection.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("Host=db.example", connection.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("Port=6543", connection.ConnectionString, StringComparison.Ordinal);
        Assert.Contains("Database=orders", connection.ConnectionString, StringComparison.Ordinal);
        Assert.Equal("postgres://shop@db.example:6543/orders", connection.Display);
        Assert.DoesNotContain("cret", connection.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenUrlHasNoPort_UsesTheDefaultPort()
    {
        var connection = PostgresConnection.Parse("postgresql://shop@localhost/orders?sslmode=disable");

        Assert.Equal("postgres://shop@localhost:5432/orders", connection.Display);
        Assert.Contains("SSL Mode=Disable", connection.ConnectionString, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Parse_WhenNpgsqlConnectionString_AcceptsIt()
    {
        var connection = PostgresConnection.Parse("Host=127.0.0.1;Port=55432;Username=postgres;Database=shop");

        Assert.Equal("postgres://postgres@127.0.0.1:55432/shop", connection.Display);
    }

    [Theory]
    [InlineData("postgres://shop:pw@localhost:5432/", "names no database")]
    [InlineData("Host=localhost;Username=x", "names no database")]
    [InlineData("Hots=localhost;Database=x", "neither a postgres:// URL nor a valid Npgsql connection string")]
    [InlineData("postgres://shop@localhost/db?nonsense=1", "query parameter 'nonsense'")]
    public void Parse_WhenIncomplete_SaysWhatIsWrong(string spec, string expected)
    {
        var e = Assert.Throws<ArgumentException>(() => PostgresConnection.Parse(spec));

        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(":pw@", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://shop:hunter2@db/orders", "postgres://shop:***@db/orders")]
    [InlineData("postgres://shop@db/orders?sslmode=require&password=hunter2", "postgres://shop@db/orders?sslmode=require&password=***")]
    [InlineData("postgresql://shop@db/orders?Password=hunter2&sslpassword=hunter2", "postgresql://shop@db/orders?Password=***&sslpassword=***")]
    [InlineData("postgres://shop@db/orders?SSL%20Password=hunter2#x", "postgres://shop@db/orders?SSL%20Password=***#x")]
    [InlineData("postgres://shop@db/orders?pwd=hunter2", "postgres://shop@db/orders?pwd=***")]
    [InlineData("postgres://shop:hunter2@db/orders?password=hunter2", "postgres://shop:***@db/orders?password=***")]
    [InlineData("Host=db;Password=hunter2;Database=orders", "(connection string)")]
    public void Redact_HidesPasswordsInTheUserInfoAndTheQuery(string spec, string expected) =>
        Assert.Equal(expected, PostgresConnection.Redact(spec));

    [Fact]
    public void Parse_WhenAUrlWithAPasswordInItsQueryIsBad_TheMessageHidesThePassword()
    {
        var e = Assert.Throws<ArgumentException>(() => PostgresConnection.Parse("postgres://shop@db/orders?password=hunter2&nonsense=1"));

        Assert.Contains("query parameter 'nonsense'", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", e.Message, StringComparison.Ordinal);
        Assert.Contains("password=***", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgres://u@h/d", true)]
    [InlineData("POSTGRESQL://u@h/d", true)]
    [InlineData("Host=h;Database=d", true)]
    [InlineData("synthetic", false)]
    [InlineData("online-retail", false)]
    [InlineData("./shop", false)]
    [InlineData("", false)]
    public void IsConnectionSpec_TellsDatabasesFromDatasetsAndFolders(string spec, bool expected) =>
        Assert.Equal(expected, PostgresConnection.IsConnectionSpec(spec));

    [Fact]
    public void Resolve_WhenGivenNothingAndNoEnvironment_NamesTheOptionAndTheVariable()
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresConnection.EnvironmentVariable)))
        {
            Assert.Skip($"{PostgresConnection.EnvironmentVariable} is set in this environment");
        }

        var e = Assert.Throws<ArgumentException>(() => PostgresConnection.Resolve(null));

        Assert.Contains("--db", e.Message, StringComparison.Ordinal);
        Assert.Contains("ECML_DB", e.Message, StringComparison.Ordinal);
    }
}
