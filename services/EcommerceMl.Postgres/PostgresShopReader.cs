using System.Text.Json;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;
using Npgsql;

namespace EcommerceMl.Postgres;

/// <summary>
/// Reads the five shop tables into <see cref="ShopData"/> with binary COPY out, row by row straight
/// into the record lists (no intermediate table is held). The database's keys and foreign keys
/// already guarantee what the CSV reader checks; the data's name is the connection without password,
/// which becomes the manifest fingerprint's source.
/// </summary>
public static class PostgresShopReader
{
    public static ShopDataLoadResult Load(PostgresConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var dataSource = connection.OpenDataSource();
        using var db = dataSource.OpenConnection();
        RequireSchema(db, connection);

        var customers = Read(db, "SELECT customer_id, signup_at, country, loyalty_member, churned, attributes::text FROM customers ORDER BY customer_id", static r =>
        {
            var id = r.Read<string>();
            var signup = r.Read<DateTime>();
            var country = r.Read<string>();
            var loyalty = r.Read<bool>();
            bool? churned = r.IsNull ? Skip<bool?>(r) : r.Read<bool>();
            var attributes = r.Read<string>();
            return new Customer(id, signup, country, loyalty)
            {
                Churned = churned,
                Attributes = attributes == "{}" ? new Dictionary<string, string>(StringComparer.Ordinal)
                    : JsonSerializer.Deserialize<Dictionary<string, string>>(attributes) ?? [],
            };
        });
        var products = Read(db, "SELECT product_id, name, category, price FROM products ORDER BY product_id", static r =>
            new Product(r.Read<string>(), r.Read<string>(), r.Read<string>(), r.Read<double>()));
        var orders = Read(db, "SELECT order_id, customer_id, ordered_at FROM orders ORDER BY order_id", static r =>
            new Order(r.Read<string>(), r.Read<string>(), r.Read<DateTime>()));
        var items = Read(db, "SELECT order_id, product_id, quantity, unit_price FROM order_items ORDER BY order_id, line_number", static r =>
            new OrderItem(r.Read<string>(), r.Read<string>(), r.Read<int>(), r.Read<double>()));
        var events = Read(db, "SELECT customer_id, product_id, event_type, occurred_at FROM events ORDER BY event_id", static r =>
        {
            var customer = r.Read<string>();
            var product = r.Read<string>();
            var typeText = r.Read<string>();
            var type = ShopCsvFormat.TryParseEventType(typeText, out var parsed)
                ? parsed
                : throw new InvalidDataException($"events: unknown event_type '{typeText}'");
            return new ShopEvent(customer, product, type, r.Read<DateTime>());
        });

        var data = new ShopData(connection.Display, customers, products, orders, items, events);
        return ShopDataLoadResult.Complete(data, $"read from PostgreSQL {connection.Display}");
    }

    private static T Skip<T>(NpgsqlBinaryExporter reader)
    {
        reader.Skip();
        return default!;
    }

    private static void RequireSchema(NpgsqlConnection db, PostgresConnection connection)
    {
        using var command = new NpgsqlCommand("SELECT to_regclass('order_items') IS NOT NULL", db);
        if (!(bool)command.ExecuteScalar()!)
        {
            throw new ArgumentException($"database {connection.Display} has no shop tables; run `ecml db migrate` and `ecml db load` first");
        }
    }

    private static List<T> Read<T>(NpgsqlConnection db, string query, Func<NpgsqlBinaryExporter, T> readRow)
    {
        var rows = new List<T>();
        using var exporter = db.BeginBinaryExport($"COPY ({query}) TO STDOUT (FORMAT BINARY)");
        while (exporter.StartRow() >= 0)
        {
            rows.Add(readRow(exporter));
        }

        return rows;
    }
}
