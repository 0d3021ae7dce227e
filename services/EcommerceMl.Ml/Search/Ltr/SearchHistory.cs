using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Search.Ltr;

/// <summary>
/// What shoppers did after past searches, counted: per query (its analysed words, <see cref="QueryKey"/>) how often it
/// was searched and, per product, how often a search for it was followed by a view (or more) and by a purchase; per
/// product, how often a search led to it at all and to its purchase. The re-ranker's "what shoppers do" features are
/// rates from these counts, shrunk towards 0 by <c>smoothing</c> pseudo-searches so a query seen twice does not claim
/// certainty. Built in time order (<see cref="Add"/>), so a training search's features come only from the searches
/// before it.
/// </summary>
internal sealed class SearchHistory(int products)
{
    private readonly Dictionary<string, QueryCounts> _queries = new(StringComparer.Ordinal);

    /// <summary>Searches that credited the product with anything, and those that ended in its purchase.</summary>
    private readonly int[] _engaged = new int[products];
    private readonly int[] _bought = new int[products];

    public int Products => _engaged.Length;

    public int Queries => _queries.Count;

    /// <summary>The query's words as the index analysed them (stems; typo corrections as what they matched), sorted: "lamp" and "lamps" are one query.</summary>
    public static string QueryKey(SearchResult result) => string.Join(' ', result.Terms.Order(StringComparer.Ordinal));

    /// <summary>Counts one search: its query key, and the products it credited (by document number; -1 = not in the index).</summary>
    public void Add(string queryKey, IEnumerable<(int Document, SearchOutcome Outcome)> credited)
    {
        if (!_queries.TryGetValue(queryKey, out var query))
        {
            _queries[queryKey] = query = new QueryCounts();
        }

        query.Searches++;
        foreach (var (document, outcome) in credited)
        {
            if (document < 0)
            {
                continue;
            }

            var counts = query.Products.GetValueOrDefault(document);
            query.Products[document] = (counts.Engaged + 1, counts.Bought + (outcome == SearchOutcome.Purchase ? 1 : 0));
            _engaged[document]++;
            _bought[document] += outcome == SearchOutcome.Purchase ? 1 : 0;
        }
    }

    /// <summary>The counts behind the features of one (query, product): searches of the query, of them engaging and buying the product; the product's engagements and purchases over all searches.</summary>
    public (int QuerySearches, int Engaged, int Bought, int ProductEngaged, int ProductBought) Counts(string queryKey, int document)
    {
        var (searches, engaged, bought) = _queries.TryGetValue(queryKey, out var query)
            ? (query.Searches, query.Products.GetValueOrDefault(document).Engaged, query.Products.GetValueOrDefault(document).Bought)
            : (0, 0, 0);
        return (searches, engaged, bought, _engaged[document], _bought[document]);
    }

    public void Write(BinaryWriter writer)
    {
        BinaryArrays.Write<int>(writer, _engaged);
        BinaryArrays.Write<int>(writer, _bought);
        writer.Write(_queries.Count);
        foreach (var (key, query) in _queries.OrderBy(q => q.Key, StringComparer.Ordinal))
        {
            BinaryStrings.Write(writer, key);
            writer.Write(query.Searches);
            writer.Write(query.Products.Count);
            foreach (var (document, (engaged, bought)) in query.Products.OrderBy(p => p.Key))
            {
                writer.Write(document);
                writer.Write(engaged);
                writer.Write(bought);
            }
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote, for an index of <paramref name="products"/> documents, checking every count and document number.</summary>
    public static SearchHistory Read(SafeReader reader, int products)
    {
        var history = new SearchHistory(products);
        var engaged = reader.ReadArray<int>("products' search engagements", products);
        var bought = reader.ReadArray<int>("products' search purchases", products);
        if (engaged.Zip(bought).Any(p => p.First < 0 || p.Second < 0 || p.Second > p.First))
        {
            throw reader.Malformed("a product's search counts are negative or buy more than they engage");
        }

        engaged.CopyTo(history._engaged, 0);
        bought.CopyTo(history._bought, 0);
        var queries = reader.ReadCount("number of past queries");
        for (var q = 0; q < queries; q++)
        {
            var key = reader.ReadString("past query");
            var counts = new QueryCounts { Searches = reader.ReadInt32("searches of a past query", 1, int.MaxValue) };
            var entries = reader.ReadCount("products of a past query", products);
            for (var e = 0; e < entries; e++)
            {
                var document = reader.ReadInt32("product of a past query", 0, products - 1);
                var engagedCount = reader.ReadInt32("engagements after a past query", 1, int.MaxValue);
                var boughtCount = reader.ReadInt32("purchases after a past query", 0, engagedCount);
                if (!counts.Products.TryAdd(document, (engagedCount, boughtCount)))
                {
                    throw reader.Malformed($"past query '{key}' lists product {document} twice");
                }
            }

            if (!history._queries.TryAdd(key, counts))
            {
                throw reader.Malformed($"past query '{key}' is in it twice");
            }
        }

        return history;
    }

    private sealed class QueryCounts
    {
        public int Searches { get; set; }

        public Dictionary<int, (int Engaged, int Bought)> Products { get; } = [];
    }
}
