using System.Diagnostics;
using EcommerceMl.Ml.Data;
using Npgsql;

namespace EcommerceMl.Postgres;

/// <summary>What an append did to one table: rows given, rows new, rows changed; the rest were already there as given.</summary>
public sealed record TableAppendCounts(long Given, long Inserted, long Updated)
{
    public long Unchanged => Given - Inserted - Updated;
}

public sealed record ShopAppendReport(IReadOnlyDictionary<string, TableAppendCounts> Tables, TimeSpan Elapsed)
{
    public long GivenRows => Tables.Values.Sum(t => t.Given);

    public long WrittenRows => Tables.Values.Sum(t => t.Inserted + t.Updated);
}

/// <summary>
/// Adds a shop's rows to the tables that are already there, by key, so a shop can feed one day at a time and a
/// re-run of the same day changes nothing. One transaction: binary COPY of the (validated) rows into staging tables,
/// then one INSERT … SELECT per table. A key that exists with different values:
/// <list type="bullet">
/// <item>customers and products are <b>updated</b> — they describe the present (a loyalty sign-up, a churn label,
/// a new price), so the newest feed wins; a row equal to the stored one is not rewritten;</item>
/// <item>orders and their lines are <b>refused</b> — a sale that happened does not change, so a known order id with
/// another customer, time or lines is a feed error (a re-used id, a different export); the whole append is rolled
/// back with the keys named;</item>
/// <item>events have no key of their own (an identity column): one equal in customer, product, type and time to a
/// stored event is that event and is not added again.</item>
/// </list>
/// Appends take turns (a table lock that conflicts with itself); readers keep reading and see the rows at commit.
/// Statements have no command timeout: appending millions of rows takes longer than Npgsql's default 30 s, and the
/// caller's cancellation token (Ctrl-C) still stops them.
/// </summary>
public static class PostgresShopAppender
{
    private const int KeysQuoted = 5;

    public static async Task<ShopAppendReport> AppendAsync(NpgsqlDataSource dataSource, ShopData data, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(data);
        var stopwatch = Stopwatch.StartNew();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, transaction, """
            LOCK TABLE customers, products, orders, order_items, events IN SHARE ROW EXCLUSIVE MODE;
            CREATE TEMP TABLE staged_customers ON COMMIT DROP AS SELECT customer_id, signup_at, country, loyalty_member, churned, attributes FROM customers WITH NO DATA;
            CREATE TEMP TABLE staged_products ON COMMIT DROP AS SELECT product_id, name, category, price FROM products WITH NO DATA;
            CREATE TEMP TABLE staged_orders ON COMMIT DROP AS SELECT order_id, customer_id, ordered_at FROM orders WITH NO DATA;
            CREATE TEMP TABLE staged_order_items ON COMMIT DROP AS SELECT order_id, line_number, product_id, quantity, unit_price FROM order_items WITH NO DATA;
            CREATE TEMP TABLE staged_events ON COMMIT DROP AS SELECT customer_id, product_id, event_type, occurred_at FROM events WITH NO DATA;
            """, cancellationToken).ConfigureAwait(false);
        var given = await ShopTableCopy.CopyAsync(connection, data, table => "staged_" + table, cancellationToken).ConfigureAwait(false);

        // Temporary tables get no statistics from autovacuum; without them the planner guesses a few rows and may
        // pick nested loops over a million staged lines.
        await ExecuteAsync(connection, transaction, "ANALYZE staged_customers, staged_products, staged_orders, staged_order_items, staged_events", cancellationToken).ConfigureAwait(false);
        await RefuseChangedOrdersAsync(connection, transaction, cancellationToken).ConfigureAwait(false);

        var counts = new Dictionary<string, TableAppendCounts>(StringComparer.Ordinal);
        foreach (var (table, sql) in Statements)
        {
            var (inserted, updated) = await CountWrittenAsync(connection, transaction, sql, cancellationToken).ConfigureAwait(false);
            counts[table] = new TableAppendCounts(given[table], inserted, updated);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return new ShopAppendReport(counts, stopwatch.Elapsed);
    }

    /// <summary>
    /// Per table, in foreign-key order, an INSERT … SELECT from staging whose RETURNING says per written row whether
    /// it is new (<c>xmax = 0</c>: no earlier version of the row) or an update.
    /// </summary>
    private static readonly (string Table, string Sql)[] Statements =
    [
        ("customers", """
            INSERT INTO customers AS t (customer_id, signup_at, country, loyalty_member, churned, attributes)
            SELECT customer_id, signup_at, country, loyalty_member, churned, attributes FROM staged_customers
            ON CONFLICT (customer_id) DO UPDATE SET signup_at = EXCLUDED.signup_at, country = EXCLUDED.country,
                loyalty_member = EXCLUDED.loyalty_member, churned = EXCLUDED.churned, attributes = EXCLUDED.attributes
            WHERE (t.signup_at, t.country, t.loyalty_member, t.churned, t.attributes)
                IS DISTINCT FROM (EXCLUDED.signup_at, EXCLUDED.country, EXCLUDED.loyalty_member, EXCLUDED.churned, EXCLUDED.attributes)
            RETURNING t.xmax = 0
            """),
        ("products", """
            INSERT INTO products AS t (product_id, name, category, price)
            SELECT product_id, name, category, price FROM staged_products
            ON CONFLICT (product_id) DO UPDATE SET name = EXCLUDED.name, category = EXCLUDED.category, price = EXCLUDED.price
            WHERE (t.name, t.category, t.price) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.category, EXCLUDED.price)
            RETURNING t.xmax = 0
            """),
        ("orders", """
            INSERT INTO orders (order_id, customer_id, ordered_at)
            SELECT order_id, customer_id, ordered_at FROM staged_orders
            ON CONFLICT (order_id) DO NOTHING
            RETURNING true
            """),
        ("order_items", """
            INSERT INTO order_items (order_id, line_number, product_id, quantity, unit_price)
            SELECT order_id, line_number, product_id, quantity, unit_price FROM staged_order_items
            ON CONFLICT (order_id, line_number) DO NOTHING
            RETURNING true
            """),
        ("events", """
            INSERT INTO events (customer_id, product_id, event_type, occurred_at)
            SELECT s.customer_id, s.product_id, s.event_type, s.occurred_at FROM staged_events s
            WHERE NOT EXISTS (
                SELECT 1 FROM events e
                WHERE e.customer_id = s.customer_id AND e.occurred_at = s.occurred_at AND e.product_id = s.product_id AND e.event_type = s.event_type)
            RETURNING true
            """),
    ];

    /// <summary>
    /// Orders already stored whose customer or time differ from the staged ones, or whose lines do (a line missing
    /// on either side, or other values). Set-based — hash joins over the known orders — so re-running a whole shop
    /// costs a few joins, not a lookup per order.
    /// </summary>
    private const string ChangedOrders = """
        WITH known AS (
            SELECT s.order_id, (s.customer_id, s.ordered_at) IS DISTINCT FROM (t.customer_id, t.ordered_at) AS header_differs
            FROM staged_orders s JOIN orders t USING (order_id)),
        stored_lines AS (SELECT i.* FROM order_items i JOIN known USING (order_id)),
        staged_lines AS (SELECT i.* FROM staged_order_items i JOIN known USING (order_id)),
        changed_lines AS (
            SELECT DISTINCT order_id FROM stored_lines a FULL JOIN staged_lines b USING (order_id, line_number)
            WHERE (a.product_id, a.quantity, a.unit_price) IS DISTINCT FROM (b.product_id, b.quantity, b.unit_price))
        SELECT order_id, 'customer_id or ordered_at' FROM known WHERE header_differs
        UNION ALL
        SELECT order_id, 'its lines' FROM changed_lines
        ORDER BY 1
        LIMIT 6
        """;

    private static async Task RefuseChangedOrdersAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var changed = new List<string>();
        await using (var command = new NpgsqlCommand(ChangedOrders, connection, transaction) { CommandTimeout = 0 })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                changed.Add($"'{reader.GetString(0)}' ({reader.GetString(1)})");
            }
        }

        if (changed.Count > 0)
        {
            var more = changed.Count > KeysQuoted ? " and more" : "";
            throw new ArgumentException(
                $"orders already in the database differ from the ones given: {string.Join(", ", changed.Take(KeysQuoted))}{more}. " +
                "--append never changes a stored order (a sale does not change after the fact; a known id with other values is a feed error): " +
                "fix the files, or reload everything with --replace. Nothing was written.");
        }
    }

    private static async Task<(long Inserted, long Updated)> CountWrittenAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            $"WITH written(inserted) AS ({sql}) SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM written",
            connection,
            transaction)
        {
            CommandTimeout = 0,
        };
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction) { CommandTimeout = 0 };
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
