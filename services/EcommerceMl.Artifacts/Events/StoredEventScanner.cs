using System.Buffers;
using System.Globalization;
using System.Text;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Events;

/// <summary>
/// Reads a stored event line byte by byte when it has exactly the shape the writer (<see cref="EventJson.ToLine"/>)
/// gives it: compact, camelCase names each at most once, nulls left out, numbers as plain numbers, strings of printable
/// ASCII without escapes, times as the serializer writes a <see cref="DateTimeOffset"/>. Anything else — and
/// <c>properties</c>, whose values stay JSON — answers null, and <see cref="StoredEventParser"/> reads the line with
/// its <c>Utf8JsonReader</c> or the serializer, so what is accepted and refused never changes (tests:
/// <c>StoredEventScannerTests</c>, <c>StoredEventParserTests</c>).
/// </summary>
/// <remarks>
/// Why: tokenising a line with <c>Utf8JsonReader</c> alone cost about as much CPU as gunzipping it, and building the
/// event another twice that (bench: <c>events-read</c>). Here one vectorised search finds each string's end, times
/// are read from fixed positions, and a name is first compared with the one the writer puts next. (Pooling the
/// repeating ids' strings was tried and cost more in lookups than it saved in allocation.)
/// </remarks>
public static class StoredEventScanner
{
    private static readonly (byte[] Utf8, string Text)[] KnownTypes = [.. EventSchema.Types.Select(t => (Encoding.UTF8.GetBytes(t), t))];

    /// <summary>The top-level names in the order the writer writes them (the record's declaration order).</summary>
    private static readonly (byte[] Utf8, Field Field)[] Names =
    [
        ("schemaVersion"u8.ToArray(), Field.SchemaVersion), ("id"u8.ToArray(), Field.Id), ("type"u8.ToArray(), Field.Type),
        ("occurredAt"u8.ToArray(), Field.OccurredAt), ("receivedAt"u8.ToArray(), Field.ReceivedAt), ("sessionId"u8.ToArray(), Field.SessionId),
        ("customerId"u8.ToArray(), Field.CustomerId), ("visitorId"u8.ToArray(), Field.VisitorId), ("productId"u8.ToArray(), Field.ProductId),
        ("source"u8.ToArray(), Field.Source), ("recommendationId"u8.ToArray(), Field.RecommendationId), ("query"u8.ToArray(), Field.Query),
        ("resultCount"u8.ToArray(), Field.ResultCount), ("step"u8.ToArray(), Field.Step), ("stepName"u8.ToArray(), Field.StepName),
        ("orderId"u8.ToArray(), Field.OrderId), ("lines"u8.ToArray(), Field.Lines), ("name"u8.ToArray(), Field.Name),
        ("clientIp"u8.ToArray(), Field.ClientIp), ("userAgent"u8.ToArray(), Field.UserAgent),
    ];

    /// <summary>What may stand inside a string the scanner reads itself: printable ASCII but the quote and the backslash.</summary>
    private static readonly SearchValues<byte> Plain = SearchValues.Create(
        [.. Enumerable.Range(0x20, 0x7F - 0x20).Where(b => b is not '"' and not '\\').Select(b => (byte)b)]);

    [Flags]
    private enum Field
    {
        None = 0, SchemaVersion = 1 << 0, Id = 1 << 1, Type = 1 << 2, OccurredAt = 1 << 3, ReceivedAt = 1 << 4, SessionId = 1 << 5,
        CustomerId = 1 << 6, VisitorId = 1 << 7, ProductId = 1 << 8, Source = 1 << 9, RecommendationId = 1 << 10, Query = 1 << 11,
        ResultCount = 1 << 12, Step = 1 << 13, StepName = 1 << 14, OrderId = 1 << 15, Lines = 1 << 16, Name = 1 << 17,
        ClientIp = 1 << 18, UserAgent = 1 << 19,
        Required = SchemaVersion | Id | Type | OccurredAt | ReceivedAt,
    }

    /// <summary>The event of a line in the writer's exact shape (one trailing newline allowed); null for any other line.</summary>
    public static ShopEventRecord? TryScan(ReadOnlySpan<byte> line)
    {
        if (!Scan(line, out var e))
        {
            return null;
        }

        List<PurchaseLine>? lines = null;
        if (e.Has(Field.Lines))
        {
            var records = new RecordLines([]);
            var text = e.Lines;
            PurchaseLines(ref text, ref records);
            lines = records.Lines;
        }

        return new ShopEventRecord
        {
            SchemaVersion = e.SchemaVersion,
            Id = Encoding.ASCII.GetString(e.Id),
            Type = TypeName(e.Type),
            OccurredAt = e.OccurredAt,
            ReceivedAt = e.ReceivedAt,
            SessionId = e.Text(Field.SessionId, e.SessionId),
            CustomerId = e.Text(Field.CustomerId, e.CustomerId),
            VisitorId = e.Text(Field.VisitorId, e.VisitorId),
            ProductId = e.Text(Field.ProductId, e.ProductId),
            Source = e.Has(Field.Source) ? new EventSource(e.SourceHasPage ? Encoding.ASCII.GetString(e.SourcePage) : null, e.SourcePosition) : null,
            RecommendationId = e.Text(Field.RecommendationId, e.RecommendationId),
            Query = e.Text(Field.Query, e.Query),
            ResultCount = e.ResultCount,
            Step = e.Step,
            StepName = e.Text(Field.StepName, e.StepName),
            OrderId = e.Text(Field.OrderId, e.OrderId),
            Lines = lines,
            Name = e.Text(Field.Name, e.Name),
            ClientIp = e.Text(Field.ClientIp, e.ClientIp),
            UserAgent = e.Text(Field.UserAgent, e.UserAgent),
        };
    }

    /// <summary>
    /// Adds the event of a line in the writer's exact shape to <paramref name="columns"/> (the fields training uses,
    /// no strings made: their bytes are numbered in its <see cref="EventColumns.Strings"/>, a session id only for a
    /// search); false, and nothing added,
    /// for any other line. It takes exactly the lines <see cref="TryScan"/> takes, with the same values.
    /// </summary>
    public static bool TryScanInto(ReadOnlySpan<byte> line, EventColumns columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (!Scan(line, out var e))
        {
            return false;
        }

        var strings = columns.Strings;
        columns.Add(
            e.Id, strings.Intern(e.Type), e.OccurredAt.UtcTicks, e.ReceivedAt.UtcTicks,
            e.Number(Field.CustomerId, e.CustomerId, strings), e.Number(Field.VisitorId, e.VisitorId, strings),
            e.Number(Field.ProductId, e.ProductId, strings), e.SessionId, e.Has(Field.SessionId),
            e.Number(Field.Query, e.Query, strings), e.ResultCount, e.Number(Field.OrderId, e.OrderId, strings));
        if (e.Has(Field.Lines))
        {
            var into = new ColumnLines(columns);
            var text = e.Lines;
            PurchaseLines(ref text, ref into);
        }

        return true;
    }

    /// <summary>The fields of a line in the writer's shape, as the bytes of the line they stand in (strings without their quotes).</summary>
    private ref struct ScannedEvent
    {
        public Field Seen;
        public int SchemaVersion;
        public ReadOnlySpan<byte> Id, Type, SessionId, CustomerId, VisitorId, ProductId, RecommendationId, Query, StepName, OrderId, Name, ClientIp, UserAgent;
        public DateTimeOffset OccurredAt, ReceivedAt;
        public int? ResultCount, Step, SourcePosition;
        public ReadOnlySpan<byte> SourcePage;
        public bool SourceHasPage;

        /// <summary>The lines array, checked, from its <c>[</c> to its <c>]</c>: walked again by whoever builds the event.</summary>
        public ReadOnlySpan<byte> Lines;

        public readonly bool Has(Field field) => (Seen & field) != 0;

        public readonly string? Text(Field field, ReadOnlySpan<byte> value) => Has(field) ? Encoding.ASCII.GetString(value) : null;

        public readonly int Number(Field field, ReadOnlySpan<byte> value, EventStrings strings) => Has(field) ? strings.Intern(value) : EventColumns.None;
    }

    /// <summary>Walks a line in the writer's exact shape; false for any other line.</summary>
    private static bool Scan(ReadOnlySpan<byte> line, out ScannedEvent e)
    {
        e = default;
        if (line.Length > 0 && line[^1] == (byte)'\n')
        {
            line = line[..^1];
        }

        if (line.Length < 2 || line[0] != (byte)'{' || line[^1] != (byte)'}')
        {
            return false;
        }

        var s = line[1..^1];
        var previous = -1;
        while (true)
        {
            if (!Name(ref s, previous, out previous) || e.Has(Names[previous].Field))
            {
                return false; // a name the writer does not write (or not this way), or one written twice
            }

            var field = Names[previous].Field;
            e.Seen |= field;
            var ok = field switch
            {
                Field.SchemaVersion => Integer(ref s, out e.SchemaVersion),
                Field.Id => Quoted(ref s, out e.Id),
                Field.Type => Quoted(ref s, out e.Type),
                Field.OccurredAt => Time(ref s, out e.OccurredAt),
                Field.ReceivedAt => Time(ref s, out e.ReceivedAt),
                Field.SessionId => Quoted(ref s, out e.SessionId),
                Field.CustomerId => Quoted(ref s, out e.CustomerId),
                Field.VisitorId => Quoted(ref s, out e.VisitorId),
                Field.ProductId => Quoted(ref s, out e.ProductId),
                Field.Source => Source(ref s, out e.SourcePage, out e.SourceHasPage, out e.SourcePosition),
                Field.RecommendationId => Quoted(ref s, out e.RecommendationId),
                Field.Query => Quoted(ref s, out e.Query),
                Field.ResultCount => OptionalInteger(ref s, out e.ResultCount),
                Field.Step => OptionalInteger(ref s, out e.Step),
                Field.StepName => Quoted(ref s, out e.StepName),
                Field.OrderId => Quoted(ref s, out e.OrderId),
                Field.Lines => CheckedLines(ref s, out e.Lines),
                Field.Name => Quoted(ref s, out e.Name),
                Field.ClientIp => Quoted(ref s, out e.ClientIp),
                Field.UserAgent => Quoted(ref s, out e.UserAgent),
                _ => false,
            };
            if (!ok)
            {
                return false;
            }

            if (s.IsEmpty)
            {
                break;
            }

            if (s[0] != (byte)',')
            {
                return false;
            }

            s = s[1..];
        }

        return (e.Seen & Field.Required) == Field.Required;
    }

    /// <summary><c>"name":</c> of a top-level field the writer writes (tried first: the one it writes after <paramref name="previous"/>); false for any other.</summary>
    private static bool Name(scoped ref ReadOnlySpan<byte> s, int previous, out int index)
    {
        index = -1;
        if (!Quoted(ref s, out var name) || s.IsEmpty || s[0] != (byte)':')
        {
            return false;
        }

        s = s[1..];
        for (var i = 0; i < Names.Length; i++)
        {
            var candidate = (previous + 1 + i) % Names.Length;
            if (name.SequenceEqual(Names[candidate].Utf8))
            {
                index = candidate;
                return true;
            }
        }

        return false; // properties included: its values are JSON elements, the parser's to build
    }

    /// <summary>A string of printable ASCII without escapes (the bytes between the quotes); false for anything else.</summary>
    private static bool Quoted(scoped ref ReadOnlySpan<byte> s, out ReadOnlySpan<byte> value)
    {
        value = default;
        if (s.IsEmpty || s[0] != (byte)'"')
        {
            return false;
        }

        var rest = s[1..];
        var end = rest.IndexOfAnyExcept(Plain);
        if (end < 0 || rest[end] != (byte)'"')
        {
            return false;
        }

        value = rest[..end];
        s = rest[(end + 1)..];
        return true;
    }

    /// <summary>The schema's own constant for a known type (one string for millions of events), else the text.</summary>
    private static string TypeName(ReadOnlySpan<byte> value)
    {
        foreach (var (utf8, text) in KnownTypes)
        {
            if (value.SequenceEqual(utf8))
            {
                return text;
            }
        }

        return Encoding.ASCII.GetString(value);
    }

    private static bool OptionalInteger(scoped ref ReadOnlySpan<byte> s, out int? value)
    {
        var ok = Integer(ref s, out var number);
        value = ok ? number : null;
        return ok;
    }

    /// <summary>A JSON integer of at most nine digits (no leading zeros, no fraction or exponent), so it cannot overflow.</summary>
    private static bool Integer(scoped ref ReadOnlySpan<byte> s, out int value)
    {
        value = 0;
        var negative = !s.IsEmpty && s[0] == (byte)'-';
        var digits = negative ? s[1..] : s;
        var length = digits.IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        length = length < 0 ? digits.Length : length;
        if (length is 0 or > 9 || (digits[0] == (byte)'0' && length > 1) || (length < digits.Length && IsNumberContinuation(digits[length])))
        {
            return false;
        }

        foreach (var digit in digits[..length])
        {
            value = (value * 10) + (digit - '0');
        }

        value = negative ? -value : value;
        s = digits[length..];
        return true;
    }

    /// <summary>A plain JSON decimal (<c>-12.50</c>: no exponent, at most 20 characters, so no rounding can differ from the serializer's).</summary>
    private static bool Decimal(scoped ref ReadOnlySpan<byte> s, out decimal value)
    {
        value = 0;
        var start = !s.IsEmpty && s[0] == (byte)'-' ? 1 : 0;
        var whole = s[start..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
        whole = whole < 0 ? s.Length - start : whole;
        if (whole == 0 || (s[start] == (byte)'0' && whole > 1))
        {
            return false;
        }

        var length = start + whole;
        if (length < s.Length && s[length] == (byte)'.')
        {
            var fraction = s[(length + 1)..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
            fraction = fraction < 0 ? s.Length - length - 1 : fraction;
            if (fraction == 0)
            {
                return false;
            }

            length += 1 + fraction;
        }

        if (length > 20 || (length < s.Length && IsNumberContinuation(s[length]))
            || !decimal.TryParse(s[..length], NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        s = s[length..];
        return true;
    }

    private static bool IsNumberContinuation(byte b) => b is (byte)'.' or (byte)'e' or (byte)'E' or (byte)'+' or (byte)'-';

    /// <summary>
    /// A time as the serializer writes a <see cref="DateTimeOffset"/>: <c>yyyy-MM-ddTHH:mm:ss</c>, an optional fraction of
    /// one to seven digits, then <c>Z</c> or <c>±HH:mm</c>; anything else, or any value near a limit, is the parser's.
    /// </summary>
    private static bool Time(scoped ref ReadOnlySpan<byte> s, out DateTimeOffset time)
    {
        time = default;
        if (!Quoted(ref s, out var text) || text.Length < 20
            || text[4] != (byte)'-' || text[7] != (byte)'-' || text[10] != (byte)'T' || text[13] != (byte)':' || text[16] != (byte)':'
            || !Digits(text[..4], out var year) || !Digits(text.Slice(5, 2), out var month) || !Digits(text.Slice(8, 2), out var day)
            || !Digits(text.Slice(11, 2), out var hour) || !Digits(text.Slice(14, 2), out var minute) || !Digits(text.Slice(17, 2), out var second)
            || year is < 2 or > 9998 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month)
            || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        var rest = text[19..];
        long fraction = 0;
        if (rest[0] == (byte)'.')
        {
            var digits = rest[1..].IndexOfAnyExceptInRange((byte)'0', (byte)'9');
            if (digits is < 1 or > 7 || !Digits(rest.Slice(1, digits), out var value))
            {
                return false;
            }

            fraction = value;
            for (var i = digits; i < 7; i++)
            {
                fraction *= 10;
            }

            rest = rest[(1 + digits)..];
        }

        TimeSpan offset;
        if (rest.Length == 1 && rest[0] == (byte)'Z')
        {
            offset = TimeSpan.Zero;
        }
        else if (rest.Length == 6 && rest[0] is (byte)'+' or (byte)'-' && rest[3] == (byte)':'
                 && Digits(rest.Slice(1, 2), out var offsetHours) && Digits(rest.Slice(4, 2), out var offsetMinutes)
                 && offsetMinutes <= 59 && (offsetHours < 14 || (offsetHours == 14 && offsetMinutes == 0)))
        {
            offset = new TimeSpan(offsetHours, offsetMinutes, 0);
            offset = rest[0] == (byte)'-' ? -offset : offset;
        }
        else
        {
            return false;
        }

        time = new DateTimeOffset(new DateTime(year, month, day, hour, minute, second).AddTicks(fraction), offset);
        return true;
    }

    private static bool Digits(ReadOnlySpan<byte> digits, out int value)
    {
        value = 0;
        foreach (var digit in digits)
        {
            if (digit is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (digit - '0');
        }

        return true;
    }

    /// <summary><c>{"page":…,"position":…}</c>, either part left out.</summary>
    private static bool Source(scoped ref ReadOnlySpan<byte> s, out ReadOnlySpan<byte> page, out bool hasPage, out int? position)
    {
        page = default;
        (hasPage, position) = (false, null);
        if (s.IsEmpty || s[0] != (byte)'{')
        {
            return false;
        }

        s = s[1..];
        var hasPosition = false;
        while (!s.IsEmpty && s[0] != (byte)'}')
        {
            if (hasPage || hasPosition)
            {
                if (s[0] != (byte)',')
                {
                    return false;
                }

                s = s[1..];
            }

            if (!Quoted(ref s, out var name) || s.IsEmpty || s[0] != (byte)':')
            {
                return false;
            }

            s = s[1..];
            if (name.SequenceEqual("page"u8) && !hasPage && Quoted(ref s, out page))
            {
                hasPage = true;
            }
            else if (name.SequenceEqual("position"u8) && !hasPosition && OptionalInteger(ref s, out position))
            {
                hasPosition = true;
            }
            else
            {
                return false;
            }
        }

        if (s.IsEmpty)
        {
            return false;
        }

        s = s[1..];
        return true;
    }

    /// <summary>The lines array checked (each line walked, none kept): <paramref name="text"/> is it, from <c>[</c> to <c>]</c>.</summary>
    private static bool CheckedLines(scoped ref ReadOnlySpan<byte> s, out ReadOnlySpan<byte> text)
    {
        var start = s;
        var none = default(NoLines);
        var ok = PurchaseLines(ref s, ref none);
        text = ok ? start[..(start.Length - s.Length)] : default;
        return ok;
    }

    /// <summary>A purchase line as the bytes and values it was written with.</summary>
    private ref struct ScannedLine
    {
        public ReadOnlySpan<byte> ProductId;
        public bool HasProductId;
        public int? Quantity;
        public decimal? UnitPrice;
    }

    /// <summary>Where the lines of a walk go: nowhere (the check), records, or columns.</summary>
    private interface ILineTaker
    {
        void Take(in ScannedLine line);
    }

    private struct NoLines : ILineTaker
    {
        public readonly void Take(in ScannedLine line)
        {
        }
    }

    private readonly struct RecordLines(List<PurchaseLine> lines) : ILineTaker
    {
        public List<PurchaseLine> Lines => lines;

        public void Take(in ScannedLine line) =>
            lines.Add(new PurchaseLine(line.HasProductId ? Encoding.ASCII.GetString(line.ProductId) : null, line.Quantity, line.UnitPrice));
    }

    private readonly struct ColumnLines(EventColumns columns) : ILineTaker
    {
        public void Take(in ScannedLine line) =>
            columns.AddLine(line.HasProductId ? columns.Strings.Intern(line.ProductId) : EventColumns.None, line.Quantity, line.UnitPrice);
    }

    /// <summary><c>[{"productId":…,"quantity":…,"unitPrice":…},…]</c>, any part of a line left out; each line handed to <paramref name="taker"/>.</summary>
    private static bool PurchaseLines<TTaker>(scoped ref ReadOnlySpan<byte> s, ref TTaker taker)
        where TTaker : struct, ILineTaker
    {
        if (s.IsEmpty || s[0] != (byte)'[')
        {
            return false;
        }

        s = s[1..];
        var first = true;
        while (!s.IsEmpty && s[0] != (byte)']')
        {
            if (!first)
            {
                if (s[0] != (byte)',')
                {
                    return false;
                }

                s = s[1..];
            }

            first = false;
            if (!PurchaseLine(ref s, out var line))
            {
                return false;
            }

            taker.Take(line);
        }

        if (s.IsEmpty)
        {
            return false;
        }

        s = s[1..];
        return true;
    }

    private static bool PurchaseLine(scoped ref ReadOnlySpan<byte> s, out ScannedLine line)
    {
        line = default;
        if (s.IsEmpty || s[0] != (byte)'{')
        {
            return false;
        }

        s = s[1..];
        var (hasQuantity, hasPrice, first) = (false, false, true);
        while (!s.IsEmpty && s[0] != (byte)'}')
        {
            if (!first)
            {
                if (s[0] != (byte)',')
                {
                    return false;
                }

                s = s[1..];
            }

            first = false;
            if (!Quoted(ref s, out var name) || s.IsEmpty || s[0] != (byte)':')
            {
                return false;
            }

            s = s[1..];
            if (name.SequenceEqual("productId"u8) && !line.HasProductId && Quoted(ref s, out line.ProductId))
            {
                line.HasProductId = true;
            }
            else if (name.SequenceEqual("quantity"u8) && !hasQuantity && OptionalInteger(ref s, out line.Quantity))
            {
                hasQuantity = true;
            }
            else if (name.SequenceEqual("unitPrice"u8) && !hasPrice && Decimal(ref s, out var price))
            {
                (line.UnitPrice, hasPrice) = (price, true);
            }
            else
            {
                return false;
            }
        }

        if (s.IsEmpty)
        {
            return false;
        }

        s = s[1..];
        return true;
    }
}
