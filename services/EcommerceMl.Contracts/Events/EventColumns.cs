using System.Runtime.InteropServices;
using System.Text;

namespace EcommerceMl.Contracts.Events;

/// <summary>
/// Events as columns: row i is one event, and each column holds one of the fields training uses — the id (UTF-8, for
/// de-duplication and to break ties in time order), the type, both times (UTC ticks), the customer, visitor, product,
/// query, result count and order id (numbers into <see cref="Strings"/>, <see cref="None"/> when absent), the session id
/// (UTF-8, numbered for searches: <see cref="Session"/>) and a purchase's lines. The other fields of a
/// <see cref="ShopEventRecord"/> (source, recommendation id, step, name, properties, client address) are not kept:
/// training has no use for them.
/// </summary>
/// <remarks>
/// Why: a window of 90 days is millions of events, and as records each is about eight objects that live until the
/// merge is done — the garbage collector promoting them cost more than parsing them (bench: <c>events-read</c>). Here
/// a window is a few dozen arrays, whatever its size.
/// </remarks>
public sealed partial class EventColumns
{
    /// <summary>The number of an absent string.</summary>
    public const int None = -1;

    /// <summary>A session id present but not numbered yet (see <see cref="Session"/>).</summary>
    private const int Unnumbered = -2;

    private static readonly byte[] SearchType = Encoding.UTF8.GetBytes(EventSchema.Search);

    private readonly List<long> _occurredAt = [];
    private readonly List<long> _receivedAt = [];
    private readonly List<int> _type = [];
    private readonly List<int> _customer = [];
    private readonly List<int> _visitor = [];
    private readonly List<int> _product = [];
    private readonly List<int> _session = [];
    private readonly List<int> _query = [];
    private readonly List<int?> _resultCount = [];
    private readonly List<int> _order = [];
    private readonly List<int> _linesEnd = [];
    private readonly List<int> _lineProduct = [];
    private readonly List<int?> _lineQuantity = [];
    private readonly List<decimal?> _linePrice = [];
    private readonly ByteRows _ids = new();
    private readonly ByteRows _sessionIds = new();
    private HashSet<string>? _addedIds;

    public EventStrings Strings { get; } = new();

    public int Count => _type.Count;

    /// <summary>Events left out because an event with their id had been added (a client's retry that reached the sink twice).</summary>
    public long Duplicates { get; private set; }

    /// <summary>
    /// Adds an event whose strings are already numbers in <see cref="Strings"/>; its purchase lines follow with
    /// <see cref="AddLine"/>. Times are UTC ticks.
    /// </summary>
    public void Add(ReadOnlySpan<byte> id, int type, long occurredAtUtcTicks, long receivedAtUtcTicks,
        int customer, int visitor, int product, int session, int query, int? resultCount, int order)
    {
        AddRow(id, type, occurredAtUtcTicks, receivedAtUtcTicks, customer, visitor, product,
            session == None ? [] : Strings.Bytes(session), session, query, resultCount, order);
    }

    /// <summary>
    /// As the other <c>Add</c>, with the session id as its UTF-8 (<paramref name="hasSession"/> false when absent): it is
    /// numbered in <see cref="Strings"/> now only for a search, the one event whose session training reads as text
    /// (<see cref="Session"/> numbers the others on first ask).
    /// </summary>
    public void Add(ReadOnlySpan<byte> id, int type, long occurredAtUtcTicks, long receivedAtUtcTicks,
        int customer, int visitor, int product, ReadOnlySpan<byte> sessionId, bool hasSession, int query, int? resultCount, int order)
    {
        var session = !hasSession ? None : IsSearch(type) ? Strings.Intern(sessionId) : Unnumbered;
        AddRow(id, type, occurredAtUtcTicks, receivedAtUtcTicks, customer, visitor, product, sessionId, session, query, resultCount, order);
    }

    private void AddRow(ReadOnlySpan<byte> id, int type, long occurredAtUtcTicks, long receivedAtUtcTicks,
        int customer, int visitor, int product, ReadOnlySpan<byte> sessionId, int session, int query, int? resultCount, int order)
    {
        _ids.Add(id);
        _sessionIds.Add(sessionId);
        _type.Add(type);
        _occurredAt.Add(occurredAtUtcTicks);
        _receivedAt.Add(receivedAtUtcTicks);
        _customer.Add(customer);
        _visitor.Add(visitor);
        _product.Add(product);
        _session.Add(session);
        _query.Add(query);
        _resultCount.Add(resultCount);
        _order.Add(order);
        _linesEnd.Add(_lineProduct.Count);
    }

    /// <summary>A purchase line of the event added last.</summary>
    public void AddLine(int product, int? quantity, decimal? unitPrice)
    {
        _lineProduct.Add(product);
        _lineQuantity.Add(quantity);
        _linePrice.Add(unitPrice);
        _linesEnd[^1] = _lineProduct.Count;
    }

    /// <summary>Adds a parsed event (its strings numbered in <see cref="Strings"/>, its session id only for a search: see <see cref="Session"/>).</summary>
    public void Add(ShopEventRecord e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var id = Utf8(e.Id, stackalloc byte[Math.Min(256, Encoding.UTF8.GetMaxByteCount(e.Id.Length))]);
        var sessionId = e.SessionId is null ? [] : Utf8(e.SessionId, stackalloc byte[Math.Min(256, Encoding.UTF8.GetMaxByteCount(e.SessionId.Length))]);
        Add(id, Strings.Intern(e.Type), e.OccurredAt.UtcTicks, e.ReceivedAt.UtcTicks, Number(e.CustomerId), Number(e.VisitorId),
            Number(e.ProductId), sessionId, e.SessionId is not null, Number(e.Query), e.ResultCount, Number(e.OrderId));
        foreach (var line in e.Lines ?? [])
        {
            AddLine(Number(line?.ProductId), line?.Quantity, line?.UnitPrice);
        }
    }

    /// <summary>
    /// Adds <paramref name="e"/> unless an event with its id was added by this method before (counted in
    /// <see cref="Duplicates"/>); true when added.
    /// </summary>
    public bool TryAdd(ShopEventRecord e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (!(_addedIds ??= new HashSet<string>(StringComparer.Ordinal)).Add(e.Id))
        {
            Duplicates++;
            return false;
        }

        Add(e);
        return true;
    }

    /// <summary>Counts an event its reader left out as a repeat of an id it had taken (<see cref="Duplicates"/>).</summary>
    public void CountDuplicate() => Duplicates++;

    /// <summary>Adds row <paramref name="row"/> of <paramref name="from"/>, its strings renumbered through <paramref name="map"/> (see <see cref="StringMap"/>).</summary>
    public void Add(EventColumns from, int row, StringMap map) => AddRange(from, row, 1, map);

    /// <summary>
    /// Adds rows [<paramref name="start"/>, <paramref name="start"/> + <paramref name="count"/>) of <paramref name="from"/>,
    /// their strings renumbered through <paramref name="map"/> (see <see cref="StringMap"/>): column by column, so a
    /// reader that keeps a decoded object's rows whole copies arrays rather than rows.
    /// </summary>
    public void AddRange(EventColumns from, int start, int count, StringMap map)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentOutOfRangeException.ThrowIfNegative(start);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(start + count, from.Count);
        if (count == 0)
        {
            return;
        }

        _ids.AddRange(from._ids, start, count);
        _sessionIds.AddRange(from._sessionIds, start, count);
        Copy(from._occurredAt, _occurredAt, start, count);
        Copy(from._receivedAt, _receivedAt, start, count);
        Copy(from._resultCount, _resultCount, start, count);
        Mapped(from._type, _type, start, count, map);
        Mapped(from._customer, _customer, start, count, map);
        Mapped(from._visitor, _visitor, start, count, map);
        Mapped(from._product, _product, start, count, map);
        Mapped(from._session, _session, start, count, map);
        Mapped(from._query, _query, start, count, map);
        Mapped(from._order, _order, start, count, map);

        var firstLine = from.Lines(start).Start;
        var lineCount = from._linesEnd[start + count - 1] - firstLine;
        var shift = _lineProduct.Count - firstLine;
        var ends = Grow(_linesEnd, count);
        var fromEnds = CollectionsMarshal.AsSpan(from._linesEnd).Slice(start, count);
        for (var i = 0; i < ends.Length; i++)
        {
            ends[i] = fromEnds[i] + shift;
        }

        Mapped(from._lineProduct, _lineProduct, firstLine, lineCount, map);
        Copy(from._lineQuantity, _lineQuantity, firstLine, lineCount);
        Copy(from._linePrice, _linePrice, firstLine, lineCount);
    }

    private static void Copy<T>(List<T> from, List<T> to, int start, int count) =>
        to.AddRange(CollectionsMarshal.AsSpan(from).Slice(start, count));

    private static void Mapped(List<int> from, List<int> to, int start, int count, StringMap map)
    {
        var source = CollectionsMarshal.AsSpan(from).Slice(start, count);
        var target = Grow(to, count);
        for (var i = 0; i < source.Length; i++)
        {
            target[i] = map[source[i]];
        }
    }

    /// <summary>The <paramref name="count"/> new last items of <paramref name="list"/>, to be written.</summary>
    private static Span<T> Grow<T>(List<T> list, int count)
    {
        var old = list.Count;
        CollectionsMarshal.SetCount(list, old + count);
        return CollectionsMarshal.AsSpan(list)[old..];
    }

    private static ReadOnlySpan<byte> Utf8(string text, Span<byte> stack)
    {
        var buffer = Encoding.UTF8.GetMaxByteCount(text.Length) <= stack.Length ? stack : new byte[Encoding.UTF8.GetByteCount(text)];
        return buffer[..Encoding.UTF8.GetBytes(text, buffer)];
    }

    private bool IsSearch(int type) => type >= 0 && Strings.Bytes(type).SequenceEqual(SearchType);

    /// <summary>The UTF-8 of row <paramref name="row"/>'s id.</summary>
    public ReadOnlySpan<byte> Id(int row) => _ids[row];

    /// <summary>Row <paramref name="row"/>'s id as a string (made on each call: for messages and tests).</summary>
    public string IdText(int row) => Encoding.UTF8.GetString(Id(row));

    public int Type(int row) => _type[row];

    public long OccurredAtUtcTicks(int row) => _occurredAt[row];

    public long ReceivedAtUtcTicks(int row) => _receivedAt[row];

    public int Customer(int row) => _customer[row];

    public int Visitor(int row) => _visitor[row];

    public int Product(int row) => _product[row];

    /// <summary>
    /// The number of row <paramref name="row"/>'s session id in <see cref="Strings"/> (<see cref="None"/> when absent).
    /// Readers number it at once only for a search, the one event whose session training reads as text; any other is
    /// numbered on first ask (the table grows; not thread-safe). Why: sessions are nearly one per event in a shop's
    /// window (millions of distinct strings), and numbering them all was most of a window's read
    /// (bench: <c>events-read</c>); to group events by session without numbering them, see <see cref="SessionId"/>.
    /// </summary>
    public int Session(int row)
    {
        var session = _session[row];
        return session == Unnumbered ? _session[row] = Strings.Intern(_sessionIds[row]) : session;
    }

    /// <summary>The UTF-8 of row <paramref name="row"/>'s session id; empty when absent.</summary>
    public ReadOnlySpan<byte> SessionId(int row) => _sessionIds[row];

    public int Query(int row) => _query[row];

    public int? ResultCount(int row) => _resultCount[row];

    public int Order(int row) => _order[row];

    /// <summary>Row <paramref name="row"/>'s purchase lines: the line numbers [Start, Start + Count).</summary>
    public (int Start, int Count) Lines(int row)
    {
        var start = row == 0 ? 0 : _linesEnd[row - 1];
        return (start, _linesEnd[row] - start);
    }

    public int LineProduct(int line) => _lineProduct[line];

    public int? LineQuantity(int line) => _lineQuantity[line];

    public decimal? LineUnitPrice(int line) => _linePrice[line];

    private int Number(string? text) => text is null ? None : Strings.Intern(text);

    /// <summary>Compares two rows' ids as <see cref="string.CompareOrdinal(string, string)"/> compares them as strings.</summary>
    public int CompareIds(int a, int b)
    {
        var x = Id(a);
        var y = Id(b);
        // UTF-8 sorts as code points, UTF-16 (what ordinal compares) differs only beyond ASCII: decode those.
        return Ascii.IsValid(x) && Ascii.IsValid(y)
            ? x.SequenceCompareTo(y)
            : string.CompareOrdinal(Encoding.UTF8.GetString(x), Encoding.UTF8.GetString(y));
    }

    /// <summary>The rows by the time they happened (the instant, whatever its offset), ties by id: the order a merge takes them in.</summary>
    public int[] TimeOrder()
    {
        var keys = _occurredAt.ToArray();
        var rows = new int[keys.Length];
        for (var i = 0; i < rows.Length; i++)
        {
            rows[i] = i;
        }

        Array.Sort(keys, rows);
        for (var start = 0; start < keys.Length;)
        {
            var end = start + 1;
            while (end < keys.Length && keys[end] == keys[start])
            {
                end++;
            }

            if (end - start > 1)
            {
                Array.Sort(rows, start, end - start, Comparer<int>.Create(CompareIds));
            }

            start = end;
        }

        return rows;
    }

    /// <summary>
    /// Renumbers the strings of one table (a decoded object's) into another's (a window's), each string looked up once
    /// however many rows name it.
    /// </summary>
    public sealed class StringMap(EventStrings from, EventStrings to)
    {
        private int[] _map = [];

        /// <summary>Looks every string up now (then the map only reads: another thread may use it while the table is in use elsewhere).</summary>
        public void MapAll()
        {
            for (var index = from.Count - 1; index >= 0; index--)
            {
                _ = this[index]; // the last first: the map is sized once
            }
        }

        public int this[int index]
        {
            get
            {
                if (index < 0)
                {
                    return index; // None, or a session id not numbered yet: the same in either table
                }

                if (index >= _map.Length)
                {
                    var grown = new int[Math.Max(from.Count, index + 1)];
                    _map.CopyTo(grown, 0);
                    Array.Fill(grown, -2, _map.Length, grown.Length - _map.Length);
                    _map = grown;
                }

                return _map[index] >= 0 ? _map[index] : _map[index] = to.Intern(from.Bytes(index), from.HashOf(index));
            }
        }
    }

    /// <summary>One byte string per row, end to end in one array (ids, session ids): no object per row.</summary>
    private sealed partial class ByteRows
    {
        private readonly List<int> _end = [];
        private byte[] _bytes = new byte[4096];
        private int _used;

        public ReadOnlySpan<byte> this[int row]
        {
            get
            {
                var start = row == 0 ? 0 : _end[row - 1];
                return _bytes.AsSpan(start, _end[row] - start);
            }
        }

        public void Add(ReadOnlySpan<byte> value)
        {
            Reserve(value.Length);
            value.CopyTo(_bytes.AsSpan(_used));
            _used += value.Length;
            _end.Add(_used);
        }

        public void AddRange(ByteRows from, int start, int count)
        {
            var first = start == 0 ? 0 : from._end[start - 1];
            var length = from._end[start + count - 1] - first;
            Reserve(length);
            from._bytes.AsSpan(first, length).CopyTo(_bytes.AsSpan(_used));
            var shift = _used - first;
            var ends = Grow(_end, count);
            var fromEnds = CollectionsMarshal.AsSpan(from._end).Slice(start, count);
            for (var i = 0; i < ends.Length; i++)
            {
                ends[i] = fromEnds[i] + shift;
            }

            _used += length;
        }

        private void Reserve(int length)
        {
            if (_used + length > _bytes.Length)
            {
                Array.Resize(ref _bytes, (int)Math.Min(Array.MaxLength, Math.Max(2L * _bytes.Length, (long)_used + length)));
            }
        }
    }
}
