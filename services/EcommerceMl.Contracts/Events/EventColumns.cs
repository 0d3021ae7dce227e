using System.Text;

namespace EcommerceMl.Contracts.Events;

/// <summary>
/// Events as columns: row i is one event, and each column holds one of the fields training uses — the id (UTF-8, for
/// de-duplication and to break ties in time order), the type, both times (UTC ticks), the customer, visitor, product,
/// session, query, result count and order id (numbers into <see cref="Strings"/>, <see cref="None"/> when absent) and
/// a purchase's lines. The other fields of a <see cref="ShopEventRecord"/> (source, recommendation id, step, name,
/// properties, client address) are not kept: training has no use for them.
/// </summary>
/// <remarks>
/// Why: a window of 90 days is millions of events, and as records each is about eight objects that live until the
/// merge is done — the garbage collector promoting them cost more than parsing them (bench: <c>events-read</c>). Here
/// a window is a few dozen arrays, whatever its size.
/// </remarks>
public sealed class EventColumns
{
    /// <summary>The number of an absent string.</summary>
    public const int None = -1;

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
    private readonly List<int> _idEnd = [];
    private byte[] _ids = new byte[4096];
    private int _idBytes;
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
        if (_idBytes + id.Length > _ids.Length)
        {
            Array.Resize(ref _ids, Math.Max(_ids.Length * 2, _idBytes + id.Length));
        }

        id.CopyTo(_ids.AsSpan(_idBytes));
        _idBytes += id.Length;
        _idEnd.Add(_idBytes);
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

    /// <summary>Adds a parsed event (its strings numbered in <see cref="Strings"/>).</summary>
    public void Add(ShopEventRecord e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var length = Encoding.UTF8.GetByteCount(e.Id);
        var id = length <= 256 ? stackalloc byte[length] : new byte[length];
        Encoding.UTF8.GetBytes(e.Id, id);
        Add(id, Strings.Intern(e.Type), e.OccurredAt.UtcTicks, e.ReceivedAt.UtcTicks, Number(e.CustomerId), Number(e.VisitorId),
            Number(e.ProductId), Number(e.SessionId), Number(e.Query), e.ResultCount, Number(e.OrderId));
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
    public void Add(EventColumns from, int row, StringMap map)
    {
        ArgumentNullException.ThrowIfNull(from);
        ArgumentNullException.ThrowIfNull(map);
        Add(from.Id(row), map[from._type[row]], from._occurredAt[row], from._receivedAt[row], map[from._customer[row]], map[from._visitor[row]],
            map[from._product[row]], map[from._session[row]], map[from._query[row]], from._resultCount[row], map[from._order[row]]);
        var (start, count) = from.Lines(row);
        for (var line = start; line < start + count; line++)
        {
            AddLine(map[from._lineProduct[line]], from._lineQuantity[line], from._linePrice[line]);
        }
    }

    /// <summary>The UTF-8 of row <paramref name="row"/>'s id.</summary>
    public ReadOnlySpan<byte> Id(int row)
    {
        var start = row == 0 ? 0 : _idEnd[row - 1];
        return _ids.AsSpan(start, _idEnd[row] - start);
    }

    /// <summary>Row <paramref name="row"/>'s id as a string (made on each call: for messages and tests).</summary>
    public string IdText(int row) => Encoding.UTF8.GetString(Id(row));

    public int Type(int row) => _type[row];

    public long OccurredAtUtcTicks(int row) => _occurredAt[row];

    public long ReceivedAtUtcTicks(int row) => _receivedAt[row];

    public int Customer(int row) => _customer[row];

    public int Visitor(int row) => _visitor[row];

    public int Product(int row) => _product[row];

    public int Session(int row) => _session[row];

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
                    return None;
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
}
