using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EcommerceMl.Ml.Data;

/// <summary>
/// Identifies a shop's data for a model manifest. <see cref="Sha256"/> covers every field of every
/// row of the five tables (customer attributes and churn labels included), each row written in a
/// canonical invariant text form and the rows of each table sorted, so the same rows in another order
/// give the same hash while any changed, added or removed row changes it. It does not cover
/// <see cref="ShopData.Name"/> (the same data read from two places fingerprints the same); that is
/// kept separately as <see cref="Source"/>. Shape matches the artifact manifest's data fingerprint.
/// </summary>
public sealed record ShopDataFingerprint(string Source, string Sha256, IReadOnlyDictionary<string, long> Rows, DateTime? From, DateTime? To)
{
    private const char FieldSeparator = '\u001f';

    public static ShopDataFingerprint Compute(ShopData data)
    {
        ArgumentNullException.ThrowIfNull(data);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var row = new StringBuilder(128);

        AddTable(hash, "customers", data.Customers, row, static (c, r) =>
        {
            Field(r, c.CustomerId);
            Field(r, Timestamp(c.SignupAt));
            Field(r, c.Country);
            Field(r, c.LoyaltyMember ? "1" : "0");
            Field(r, c.Churned is null ? "" : c.Churned.Value ? "1" : "0");
            foreach (var key in c.Attributes.Keys.Order(StringComparer.Ordinal))
            {
                Field(r, key);
                Field(r, c.Attributes[key]);
            }
        });
        AddTable(hash, "products", data.Products, row, static (p, r) =>
        {
            Field(r, p.ProductId);
            Field(r, p.Name);
            Field(r, p.Category);
            Field(r, Number(p.Price));

            // Only when present, so a catalogue without them keeps the fingerprint it always had.
            if (p.Description.Length > 0)
            {
                Field(r, p.Description);
            }

            foreach (var key in p.Attributes.Keys.Order(StringComparer.Ordinal))
            {
                Field(r, key);
                Field(r, p.Attributes[key]);
            }
        });
        AddTable(hash, "orders", data.Orders, row, static (o, r) =>
        {
            Field(r, o.OrderId);
            Field(r, o.CustomerId);
            Field(r, Timestamp(o.OrderedAt));
        });
        AddTable(hash, "order_items", data.OrderItems, row, static (i, r) =>
        {
            Field(r, i.OrderId);
            Field(r, i.ProductId);
            Field(r, i.Quantity.ToString(CultureInfo.InvariantCulture));
            Field(r, Number(i.UnitPrice));
        });
        AddTable(hash, "events", data.Events, row, static (e, r) =>
        {
            Field(r, e.CustomerId);
            Field(r, e.ProductId);
            Field(r, ((int)e.Type).ToString(CultureInfo.InvariantCulture));
            Field(r, Timestamp(e.OccurredAt));
        });

        DateTime? from = null;
        DateTime? to = null;
        foreach (var order in data.Orders)
        {
            if (from is null || order.OrderedAt < from)
            {
                from = order.OrderedAt;
            }

            if (to is null || order.OrderedAt > to)
            {
                to = order.OrderedAt;
            }
        }

        var rows = new Dictionary<string, long>(StringComparer.Ordinal)
        {
            ["customers"] = data.Customers.Count,
            ["products"] = data.Products.Count,
            ["orders"] = data.Orders.Count,
            ["order_items"] = data.OrderItems.Count,
            ["events"] = data.Events.Count,
        };
        return new ShopDataFingerprint(data.Name, Convert.ToHexStringLower(hash.GetHashAndReset()), rows, from, to);
    }

    private static void AddTable<T>(IncrementalHash hash, string table, IReadOnlyList<T> rows, StringBuilder row, Action<T, StringBuilder> write)
    {
        var lines = new string[rows.Count];
        for (var i = 0; i < rows.Count; i++)
        {
            row.Clear();
            write(rows[i], row);
            lines[i] = row.ToString();
        }

        Array.Sort(lines, StringComparer.Ordinal);
        using var sink = new HashSink(hash);
        sink.Append($"{table} {rows.Count}\n");
        foreach (var line in lines)
        {
            sink.Append(line);
            sink.Append("\n");
        }
    }

    /// <summary>Batches UTF-8 bytes into one buffer so the hash is fed in large blocks.</summary>
    private sealed class HashSink(IncrementalHash hash) : IDisposable
    {
        private readonly byte[] _buffer = ArrayPool<byte>.Shared.Rent(1 << 16);
        private int _length;

        public void Append(string text)
        {
            var needed = Encoding.UTF8.GetMaxByteCount(text.Length);
            if (_length + needed > _buffer.Length)
            {
                Flush();
            }

            if (needed > _buffer.Length)
            {
                hash.AppendData(Encoding.UTF8.GetBytes(text));
                return;
            }

            _length += Encoding.UTF8.GetBytes(text, _buffer.AsSpan(_length));
        }

        private void Flush()
        {
            hash.AppendData(_buffer, 0, _length);
            _length = 0;
        }

        public void Dispose()
        {
            Flush();
            ArrayPool<byte>.Shared.Return(_buffer);
        }
    }

    private static void Field(StringBuilder row, string value)
    {
        // The separator is escaped so that fields can never run into each other.
        if (value.AsSpan().IndexOfAny("\\\u001f\n") < 0)
        {
            row.Append(value);
        }
        else
        {
            row.Append(value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\u001f", "\\u", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal));
        }

        row.Append(FieldSeparator);
    }

    private static string Timestamp(DateTime value) => value.Ticks.ToString(CultureInfo.InvariantCulture);

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
