using Npgsql;

namespace EcommerceMl.Postgres;

/// <summary>
/// Applies <see cref="ShopSchema.Migrations"/> that a database has not seen yet, each in its own
/// transaction together with its <c>schema_migrations</c> row, so a failed migration leaves no
/// trace and a re-run applies nothing twice. An advisory lock serialises concurrent runs.
/// </summary>
public static class PostgresMigrator
{
    // Any constant shared by every migrator: two `ecml db migrate` at once take turns.
    private const long LockKey = 0x45434D4C_4D494752;

    /// <summary>Applies what is missing; returns the migrations applied now (empty when up to date).</summary>
    public static async Task<IReadOnlyList<Migration>> MigrateAsync(
        NpgsqlDataSource dataSource, IReadOnlyList<Migration>? migrations = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        migrations ??= ShopSchema.Migrations;
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                id         integer PRIMARY KEY,
                name       text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, cancellationToken).ConfigureAwait(false);

        var applied = new List<Migration>();
        foreach (var migration in migrations.OrderBy(m => m.Id))
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({LockKey})", cancellationToken).ConfigureAwait(false);
            await using (var seen = new NpgsqlCommand("SELECT count(*) FROM schema_migrations WHERE id = $1", connection, transaction))
            {
                seen.Parameters.Add(new NpgsqlParameter { Value = migration.Id });
                if ((long)(await seen.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))! > 0)
                {
                    continue;
                }
            }

            await ExecuteAsync(connection, transaction, migration.Sql, cancellationToken).ConfigureAwait(false);
            await using (var record = new NpgsqlCommand("INSERT INTO schema_migrations (id, name) VALUES ($1, $2)", connection, transaction))
            {
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Id });
                record.Parameters.Add(new NpgsqlParameter { Value = migration.Name });
                await record.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            applied.Add(migration);
        }

        return applied;
    }

    /// <summary>Ids of the migrations a database has (empty when it was never migrated).</summary>
    public static async Task<IReadOnlyList<int>> AppliedAsync(NpgsqlDataSource dataSource, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        await using var command = dataSource.CreateCommand(
            "SELECT id FROM schema_migrations ORDER BY id");
        await using var exists = dataSource.CreateCommand("SELECT to_regclass('schema_migrations') IS NOT NULL");
        if (!(bool)(await exists.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            return [];
        }

        var ids = new List<int>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            ids.Add(reader.GetInt32(0));
        }

        return ids;
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
