using System.Buffers;
using System.Runtime.InteropServices;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Item-item cosine (<see cref="ItemCosineKernel"/>). A customer's score for a product is the sum
/// of its similarities to the products they bought; bought products are removed; equal scores rank
/// by popularity, and when fewer than k products score above zero the rest is filled from the
/// popularity ranking (score 0). A customer the model never saw gets the popularity ranking.
/// </summary>
public sealed class ItemCosineRecommender(RecommenderCatalog catalog, ItemNeighbours neighbours) : CatalogRecommender(catalog)
{
    public const string Name = AlgorithmCatalogue.ItemCosine;

    public override string Algorithm => Name;

    public ItemNeighbours Neighbours { get; } = neighbours ?? throw new ArgumentNullException(nameof(neighbours));

    public override IReadOnlyList<ScoredProduct> Recommend(string customerId, int k)
    {
        CheckK(k);
        var customer = Catalog.CustomerIndex(customerId);
        if (customer < 0)
        {
            return MostPopularNotBought(customerId, k);
        }

        var bought = Catalog.ItemsOf(customer);
        var scores = ArrayPool<float>.Shared.Rent(ProductCount);

        // The shared pool may hand back another renter's dirty array.
        Array.Clear(scores, 0, ProductCount);
        var touched = new List<int>();
        try
        {
            foreach (var item in bought)
            {
                for (var n = Neighbours.Start(item); n < Neighbours.Offsets[item + 1]; n++)
                {
                    var other = Neighbours.Neighbour[n];
                    if (scores[other] == 0)
                    {
                        touched.Add(other);
                    }

                    scores[other] += Neighbours.Score[n];
                }
            }

            var candidates = new List<int>(touched.Count);
            var candidateScores = new List<float>(touched.Count);
            var candidateRanks = new List<int>(touched.Count);
            foreach (var p in touched)
            {
                if (scores[p] > 0 && bought.BinarySearch(p) < 0)
                {
                    candidates.Add(p);
                    candidateScores.Add(scores[p]);
                    candidateRanks.Add(Catalog.PopularityRank(p));
                }
            }

            var best = TopK.Select(CollectionsMarshal.AsSpan(candidateScores), CollectionsMarshal.AsSpan(candidateRanks), k);
            var ranked = new List<int>(best.Length);
            var result = new List<ScoredProduct>(k);
            foreach (var position in best)
            {
                ranked.Add(candidates[position]);
                result.Add(new ScoredProduct(Catalog.Products[candidates[position]].ProductId, candidateScores[position]));
            }

            if (result.Count < k)
            {
                var chosen = ranked.ToHashSet();
                var before = result.Count;
                Catalog.FillByPopularity(result, bought, k, chosen.Contains);
                for (var i = before; i < result.Count; i++)
                {
                    result[i] = result[i] with { Score = 0 };
                }
            }

            return result;
        }
        finally
        {
            foreach (var p in touched)
            {
                scores[p] = 0;
            }

            ArrayPool<float>.Shared.Return(scores);
        }
    }

    /// <summary>The summed similarity of every product to <paramref name="bought"/> (the two-stage model's generator).</summary>
    internal void ScoreInto(ReadOnlySpan<int> bought, Span<float> scores)
    {
        scores.Clear();
        foreach (var item in bought)
        {
            for (var n = Neighbours.Start(item); n < Neighbours.Offsets[item + 1]; n++)
            {
                scores[Neighbours.Neighbour[n]] += Neighbours.Score[n];
            }
        }
    }

    /// <summary>
    /// As <see cref="ScoreInto(ReadOnlySpan{int}, Span{float})"/>, and per product the largest single
    /// similarity to a bought product and how many bought products list it as a neighbour (two-stage features).
    /// </summary>
    internal void ScoreInto(ReadOnlySpan<int> bought, Span<float> scores, Span<float> maxSimilarity, Span<int> neighbourOf)
    {
        scores.Clear();
        maxSimilarity.Clear();
        neighbourOf.Clear();
        foreach (var item in bought)
        {
            for (var n = Neighbours.Start(item); n < Neighbours.Offsets[item + 1]; n++)
            {
                var j = Neighbours.Neighbour[n];
                var s = Neighbours.Score[n];
                scores[j] += s;
                maxSimilarity[j] = Math.Max(maxSimilarity[j], s);
                neighbourOf[j]++;
            }
        }
    }

    /// <summary>Writes the model section alone (inside a two-stage file).</summary>
    internal void WriteSection(BinaryWriter writer) => WriteModel(writer);

    public override IReadOnlyList<SimilarProduct>? Similar(string productId, int k)
    {
        CheckK(k);
        var product = Catalog.ProductIndex(productId);
        if (product < 0)
        {
            return null;
        }

        var count = Math.Min(k, Neighbours.Count(product));
        var result = new SimilarProduct[count];
        for (var r = 0; r < count; r++)
        {
            var n = Neighbours.Start(product) + r;
            result[r] = new SimilarProduct(Catalog.Products[Neighbours.Neighbour[n]].ProductId, Neighbours.Score[n], Neighbours.CoBuyers[n]);
        }

        return result;
    }

    /// <summary>
    /// The whole neighbour table as the seed pipeline wrote <c>product_recommendations</c>: one row
    /// per (product, neighbour), rank 1..n within each product, no pair twice.
    /// </summary>
    public IEnumerable<ProductSimilarityRow> SimilarityTable()
    {
        for (var product = 0; product < ProductCount; product++)
        {
            for (var r = 0; r < Neighbours.Count(product); r++)
            {
                var n = Neighbours.Start(product) + r;
                yield return new ProductSimilarityRow(
                    Catalog.Products[product].ProductId, Catalog.Products[Neighbours.Neighbour[n]].ProductId, Neighbours.Score[n], r + 1, Neighbours.CoBuyers[n]);
            }
        }
    }

    protected override void WriteModel(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        Neighbours.Write(writer);
    }
}

/// <summary>One row of the <c>product_recommendations</c> table analysts read.</summary>
public sealed record ProductSimilarityRow(string ProductId, string RecommendedProductId, double Score, int Rank, int CoBuyers);
