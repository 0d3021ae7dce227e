using Npgsql;

namespace EcommerceMl.Postgres.Tests;

/// <summary>
/// A fresh, empty database for one test class on the server in ECML_TEST_DB (default: the one
/// scripts/postgres.sh starts), dropped afterwards. Without a reachable server the tests skip with
/// the reason — except under CI (CI set), where a missing server must fail, not hide the tests.
/// </summary>
public sealed class PostgresDatabase : IAsyncLifetime
{
    public const string DefaultServer = "postgres://postgres@127.0.0.1:55432/postgres";

    private PostgresConnection? _server;
    private string? _unavailable;

    public string Name { get; } = $"ecml_test_{Guid.NewGuid():N}";

    /// <summary>The test database as a postgres:// URL (what a user passes to --db).</summary>
    public string Url { get; private set; } = string.Empty;

    public PostgresConnection Connection { get; private set; } = null!;

    public static string ServerSpec =>
        Environment.GetEnvironmentVariable("ECML_TEST_DB") is { Length: > 0 } spec ? spec : DefaultServer;

    public async ValueTask InitializeAsync()
    {
        try
        {
            _server = PostgresConnection.Parse(ServerSpec);
            var builder = new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Timeout = 3 };
            await using var admin = new NpgsqlConnection(builder.ConnectionString);
            await admin.OpenAsync();
            await using (var create = new NpgsqlCommand($"CREATE DATABASE {Name}", admin))
            {
                await create.ExecuteNonQueryAsync();
            }

            builder.Database = Name;
            builder.Timeout = 15;
            Connection = PostgresConnection.Parse(builder.ConnectionString);
            Url = $"postgres://{Uri.EscapeDataString(builder.Username ?? "postgres")}" +
                  (string.IsNullOrEmpty(builder.Password) ? string.Empty : ":" + Uri.EscapeDataString(builder.Password)) +
                  $"@{builder.Host}:{builder.Port}/{Name}";
        }
        catch (Exception e) when (e is NpgsqlException or System.Net.Sockets.SocketException or TimeoutException or ArgumentException)
        {
            _unavailable = $"no PostgreSQL server at {ServerSpec} ({e.Message}); start one with `scripts/postgres.sh start` or set ECML_TEST_DB";
        }
    }

    /// <summary>Skips the calling test when there is no server; fails it instead on CI.</summary>
    public PostgresConnection Require()
    {
        if (_unavailable is not null)
        {
            if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Fail($"{_unavailable} (CI is set, so PostgreSQL tests may not be skipped)");
            }

            Assert.Skip(_unavailable);
        }

        return Connection;
    }

    public NpgsqlDataSource OpenDataSource() => Require().OpenDataSource();

    public async Task<long> CountAsync(string sql)
    {
        await using var dataSource = OpenDataSource();
        await using var command = dataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync(TestContext.Current.CancellationToken), System.Globalization.CultureInfo.InvariantCulture);
    }

    public async ValueTask DisposeAsync()
    {
        if (_server is null || _unavailable is not null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server.ConnectionString);
        await admin.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", admin);
        await drop.ExecuteNonQueryAsync();
    }
}
