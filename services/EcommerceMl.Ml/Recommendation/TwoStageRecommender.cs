using System.Buffers;
using EcommerceMl.Ml.Trees;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Two-stage recommender: stage one (<see cref="StageOne"/>) proposes candidates from EASE, ALS,
/// item-cosine and popularity; stage two re-ranks them with a LambdaRank tree ensemble
/// (<see cref="TreeEnsemble"/>) on the candidates' features. Bought products are never candidates;
/// a customer the model never saw gets the popularity ranking; fewer than k candidates are filled
/// from popularity (score 0). Similar products come from EASE when it is a generator, else item-cosine.
/// </summary>
public sealed class TwoStageRecommender : CatalogRecommender
{
    public const string Name = "two-stage";

    internal TwoStageRecommender(StageOne stageOne, TreeEnsemble ranker)
        : base(stageOne?.Catalog ?? throw new ArgumentNullException(nameof(stageOne)))
    {
        StageOne = stageOne;
        Ranker = ranker ?? throw new ArgumentNullException(nameof(ranker));
        if (ranker.FeatureCount != StageOne.FeatureCount)
        {
            throw new ArgumentException($"The ranker scores {ranker.FeatureCount} features; stage one computes {StageOne.FeatureCount}.", nameof(ranker));
        }
    }

    public override string Algorithm => Name;

    internal StageOne StageOne { get; }

    internal TreeEnsemble Ranker { get; }

    public override IReadOnlyList<ScoredProduct> Recommend(string customerId, int k)
    {
        CheckK(k);
        var customer = Catalog.CustomerIndex(customerId);
        if (customer < 0)
        {
            return MostPopularNotBought(customerId, k);
        }

        var candidates = new List<int>();
        var features = new List<float>();
        StageOne.Build(customer, candidates, features);
        var count = candidates.Count;
        var scores = ArrayPool<float>.Shared.Rent(count);
        var ties = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var rows = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(features);
            for (var c = 0; c < count; c++)
            {
                scores[c] = (float)Ranker.Score(rows.Slice(c * StageOne.FeatureCount, StageOne.FeatureCount));
                ties[c] = Catalog.PopularityRank(candidates[c]);
            }

            var best = TopK.Select(scores.AsSpan(0, count), ties.AsSpan(0, count), k);
            var result = new List<ScoredProduct>(k);
            foreach (var position in best)
            {
                result.Add(new ScoredProduct(Catalog.Products[candidates[position]].ProductId, scores[position]));
            }

            if (result.Count < k)
            {
                var chosen = best.Select(p => candidates[p]).ToHashSet();
                var before = result.Count;
                Catalog.FillByPopularity(result, Catalog.ItemsOf(customer), k, chosen.Contains);
                for (var i = before; i < result.Count; i++)
                {
                    result[i] = result[i] with { Score = 0 };
                }
            }

            return result;
        }
        finally
        {
            ArrayPool<float>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(ties);
        }
    }

    public override IReadOnlyList<SimilarProduct>? Similar(string productId, int k) =>
        StageOne.Ease is { } ease ? ease.Similar(productId, k) : StageOne.ItemCosine.Similar(productId, k);

    protected override void WriteModel(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(StageOne.CandidatesPerGenerator);
        writer.Write(StageOne.Ease is null ? 0 : 1);
        StageOne.Ease?.WriteSection(writer);
        StageOne.Als.WriteSection(writer);
        StageOne.ItemCosine.WriteSection(writer);
        BinaryArrays.Write<float>(writer, StageOne.ItemDaysSinceBought);
        BinaryArrays.Write<float>(writer, StageOne.CustomerDaysSinceBought);
        Ranker.Write(writer);
    }

    /// <summary>
    /// Reads the section <see cref="WriteModel"/> wrote: int32 candidates per generator · int32 has-EASE
    /// · [EASE section] · ALS section · item-cosine section · float32[] product recency days ·
    /// float32[] customer recency days · tree ensemble.
    /// </summary>
    internal static TwoStageRecommender Read(RecommenderCatalog catalog, SafeReader reader)
    {
        var perGenerator = reader.ReadCount("two-stage candidates per generator", CatalogRecommender.MaxK);
        var hasEase = reader.ReadInt32("two-stage EASE flag");
        if (hasEase is not (0 or 1))
        {
            throw new InvalidDataException($"The two-stage EASE flag is {hasEase}; expected 0 or 1.");
        }

        var ease = hasEase == 1 ? EaseRecommender.Read(catalog, reader) : null;
        var als = AlsRecommender.Read(catalog, reader);
        var cosine = new ItemCosineRecommender(catalog, ItemNeighbours.Read(reader, catalog.ProductCount));
        var itemDays = reader.ReadArray<float>("two-stage product recency", catalog.ProductCount);
        var customerDays = reader.ReadArray<float>("two-stage customer recency", catalog.Customers.Length);
        if (!itemDays.All(float.IsFinite) || !customerDays.All(float.IsFinite))
        {
            throw new InvalidDataException("The two-stage recency tables hold a non-finite value.");
        }

        var ranker = TreeEnsemble.Read(reader, StageOne.FeatureCount);
        return new TwoStageRecommender(new StageOne(catalog, perGenerator, ease, als, cosine, itemDays, customerDays), ranker);
    }
}
