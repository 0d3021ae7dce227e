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
        if (line.Length > 0 && line[^1] == (byte)'\n')
        {
            line = line[..^1];
        }

        if (line.Length < 2 || line[0] != (byte)'{' || line[^1] != (byte)'}')
        {
            return null;
        }

        var s = line[1..^1];
        var seen = Field.None;
        var previous = -1;
        var schemaVersion = 0;
        int? resultCount = null, step = null;
        string? id = null, type = null, sessionId = null, customerId = null, visitorId = null, productId = null, recommendationId = null;
        string? query = null, stepName = null, orderId = null, name = null, clientIp = null, userAgent = null;
        DateTimeOffset occurredAt = default, receivedAt = default;
        EventSource? source = null;
        List<PurchaseLine>? lines = null;
        while (true)
        {
            if (!Name(ref s, previous, out previous) || (seen & Names[previous].Field) != 0)
            {
                return null; // a name the writer does not write (or not this way), or one written twice
            }

            var field = Names[previous].Field;
            seen |= field;
            var ok = field switch
            {
                Field.SchemaVersion => Integer(ref s, out schemaVersion),
                Field.Id => Text(ref s, out id),
                Field.Type => TypeName(ref s, out type),
                Field.OccurredAt => Time(ref s, out occurredAt),
                Field.ReceivedAt => Time(ref s, out receivedAt),
                Field.SessionId => Text(ref s, out sessionId),
                Field.CustomerId => Text(ref s, out customerId),
                Field.VisitorId => Text(ref s, out visitorId),
                Field.ProductId => Text(ref s, out productId),
                Field.Source => Source(ref s, out source),
                Field.RecommendationId => Text(ref s, out recommendationId),
                Field.Query => Text(ref s, out query),
                Field.ResultCount => OptionalInteger(ref s, out resultCount),
                Field.Step => OptionalInteger(ref s, out step),
                Field.StepName => Text(ref s, out stepName),
                Field.OrderId => Text(ref s, out orderId),
                Field.Lines => Lines(ref s, out lines),
                Field.Name => Text(ref s, out name),
                Field.ClientIp => Text(ref s, out clientIp),
                Field.UserAgent => Text(ref s, out userAgent),
                _ => false,
            };
            if (!ok)
            {
                return null;
            }

            if (s.IsEmpty)
            {
                break;
            }

            if (s[0] != (byte)',')
            {
                return null;
            }

            s = s[1..];
        }

        if ((seen & Field.Required) != Field.Required)
        {
            return null;
        }

        return new ShopEventRecord
        {
            SchemaVersion = schemaVersion,
            Id = id!,
            Type = type!,
            OccurredAt = occurredAt,
            ReceivedAt = receivedAt,
            SessionId = sessionId,
            CustomerId = customerId,
            VisitorId = visitorId,
            ProductId = productId,
            Source = source,
            RecommendationId = recommendationId,
            Query = query,
            ResultCount = resultCount,
            Step = step,
            StepName = stepName,
            OrderId = orderId,
            Lines = lines,
            Name = name,
            ClientIp = clientIp,
            UserAgent = userAgent,
        };
    }

    /// <summary><c>"name":</c> of a top-level field the writer writes (tried first: the one it writes after <paramref name="previous"/>); false for any other.</summary>
    private static bool Name(ref ReadOnlySpan<byte> s, int previous, out int index)
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
    private static bool Quoted(ref ReadOnlySpan<byte> s, out ReadOnlySpan<byte> value)
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

    private static bool Text(ref ReadOnlySpan<byte> s, out string? text)
    {
        text = null;
        if (!Quoted(ref s, out var value))
        {
            return false;
        }

        text = Encoding.ASCII.GetString(value);
        return true;
    }

    /// <summary>The schema's own constant for a known type (one string for millions of events), else the text.</summary>
    private static bool TypeName(ref ReadOnlySpan<byte> s, out string? type)
    {
        type = null;
        if (!Quoted(ref s, out var value))
        {
            return false;
        }

        foreach (var (utf8, text) in KnownTypes)
        {
            if (value.SequenceEqual(utf8))
            {
                type = text;
                return true;
            }
        }

        type = Encoding.ASCII.GetString(value);
        return true;
    }

    private static bool OptionalInteger(ref ReadOnlySpan<byte> s, out int? value)
    {
        var ok = Integer(ref s, out var number);
        value = ok ? number : null;
        return ok;
    }

    /// <summary>A JSON integer of at most nine digits (no leading zeros, no fraction or exponent), so it cannot overflow.</summary>
    private static bool Integer(ref ReadOnlySpan<byte> s, out int value)
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
    private static bool Decimal(ref ReadOnlySpan<byte> s, out decimal value)
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
    private static bool Time(ref ReadOnlySpan<byte> s, out DateTimeOffset time)
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
    private static bool Source(ref ReadOnlySpan<byte> s, out EventSource? source)
    {
        source = null;
        if (s.IsEmpty || s[0] != (byte)'{')
        {
            return false;
        }

        s = s[1..];
        string? page = null;
        int? position = null;
        var (hasPage, hasPosition) = (false, false);
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
            if (name.SequenceEqual("page"u8) && !hasPage && Text(ref s, out page))
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
        source = new EventSource(page, position);
        return true;
    }

    /// <summary><c>[{"productId":…,"quantity":…,"unitPrice":…},…]</c>, any part of a line left out.</summary>
    private static bool Lines(ref ReadOnlySpan<byte> s, out List<PurchaseLine>? lines)
    {
        lines = null;
        if (s.IsEmpty || s[0] != (byte)'[')
        {
            return false;
        }

        s = s[1..];
        var read = new List<PurchaseLine>();
        while (!s.IsEmpty && s[0] != (byte)']')
        {
            if (read.Count > 0)
            {
                if (s[0] != (byte)',')
                {
                    return false;
                }

                s = s[1..];
            }

            if (!PurchaseLine(ref s, out var line))
            {
                return false;
            }

            read.Add(line!);
        }

        if (s.IsEmpty)
        {
            return false;
        }

        s = s[1..];
        lines = read;
        return true;
    }

    private static bool PurchaseLine(ref ReadOnlySpan<byte> s, out PurchaseLine? line)
    {
        line = null;
        if (s.IsEmpty || s[0] != (byte)'{')
        {
            return false;
        }

        s = s[1..];
        string? productId = null;
        int? quantity = null;
        decimal? unitPrice = null;
        var (hasProduct, hasQuantity, hasPrice, first) = (false, false, false, true);
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
            if (name.SequenceEqual("productId"u8) && !hasProduct && Text(ref s, out productId))
            {
                hasProduct = true;
            }
            else if (name.SequenceEqual("quantity"u8) && !hasQuantity && OptionalInteger(ref s, out quantity))
            {
                hasQuantity = true;
            }
            else if (name.SequenceEqual("unitPrice"u8) && !hasPrice && Decimal(ref s, out var price))
            {
                (unitPrice, hasPrice) = (price, true);
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
        line = new PurchaseLine(productId, quantity, unitPrice);
        return true;
    }
}
