using System.Text.Json;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;
using Npgsql;
using NpgsqlTypes;

namespace EcommerceMl.Postgres;

/// <summary>
/// Binary COPY of a shop's five tables into tables of the same columns: the shop tables themselves
/// (<see cref="PostgresShopLoader"/>) or staging tables (<see cref="PostgresShopAppender"/>).
/// </summary>
internal static class ShopTableCopy
{
    /// <param name="table">The table each shop table's rows go to, by the shop table's name.</param>
    public static async Task<Dictionary<string, long>> CopyAsync(
        NpgsqlConnection connection, ShopData data, Func<string, string> table, CancellationToken cancellationToken)
    {
        return new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["customers"] = await CopyAsync(connection, table("customers") + " (customer_id, signup_at, country, loyalty_member, churned, attributes)", data.Customers, static (w, c, ct) =>
            {
                w.Write(c.CustomerId, NpgsqlDbType.Text);
                w.Write(c.SignupAt, NpgsqlDbType.Timestamp);
                w.Write(c.Country, NpgsqlDbType.Text);
                w.Write(c.LoyaltyMember, NpgsqlDbType.Boolean);
                if (c.Churned is { } churned)
                {
                    w.Write(churned, NpgsqlDbType.Boolean);
                }
                else
                {
                    w.WriteNull();
                }

                w.Write(c.Attributes.Count == 0 ? "{}" : JsonSerializer.Serialize(c.Attributes), NpgsqlDbType.Jsonb);
            }, cancellationToken).ConfigureAwait(false),
            ["products"] = await CopyAsync(connection, table("products") + " (product_id, name, category, price)", data.Products, static (w, p, ct) =>
            {
                w.Write(p.ProductId, NpgsqlDbType.Text);
                w.Write(p.Name, NpgsqlDbType.Text);
                w.Write(p.Category, NpgsqlDbType.Text);
                w.Write(p.Price, NpgsqlDbType.Double);
            }, cancellationToken).ConfigureAwait(false),
            ["orders"] = await CopyAsync(connection, table("orders") + " (order_id, customer_id, ordered_at)", data.Orders, static (w, o, ct) =>
            {
                w.Write(o.OrderId, NpgsqlDbType.Text);
                w.Write(o.CustomerId, NpgsqlDbType.Text);
                w.Write(o.OrderedAt, NpgsqlDbType.Timestamp);
            }, cancellationToken).ConfigureAwait(false),
            ["order_items"] = await CopyAsync(connection, table("order_items") + " (order_id, line_number, product_id, quantity, unit_price)", PostgresShopLoader.NumberLines(data.OrderItems), static (w, l, ct) =>
            {
                w.Write(l.Item.OrderId, NpgsqlDbType.Text);
                w.Write(l.Line, NpgsqlDbType.Integer);
                w.Write(l.Item.ProductId, NpgsqlDbType.Text);
                w.Write(l.Item.Quantity, NpgsqlDbType.Integer);
                w.Write(l.Item.UnitPrice, NpgsqlDbType.Double);
            }, cancellationToken).ConfigureAwait(false),
            ["events"] = await CopyAsync(connection, table("events") + " (customer_id, product_id, event_type, occurred_at)", data.Events, static (w, e, ct) =>
            {
                w.Write(e.CustomerId, NpgsqlDbType.Text);
                w.Write(e.ProductId, NpgsqlDbType.Text);
                w.Write(ShopCsvFormat.FormatEventType(e.Type), NpgsqlDbType.Text);
                w.Write(e.OccurredAt, NpgsqlDbType.Timestamp);
            }, cancellationToken).ConfigureAwait(false),
        };
    }

    private static async Task<long> CopyAsync<T>(
        NpgsqlConnection connection,
        string target,
        IEnumerable<T> rows,
        Action<NpgsqlBinaryImporter, T, CancellationToken> writeRow,
        CancellationToken cancellationToken)
    {
        await using var importer = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false);
        foreach (var row in rows)
        {
            // Synchronous field writes: they only fill Npgsql's buffer (flushed asynchronously when full
            // is not needed for throughput); an await per field costs more than the COPY itself.
            importer.StartRow();
            writeRow(importer, row, cancellationToken);
        }

        return (long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
    }
}
