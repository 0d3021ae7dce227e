using System.Buffers;
using EcommerceMl.Ml.Trees;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Two-stage recommender: stage one (<see cref="StageOne"/>) proposes candidates from EASE, ALS,
/// item-cosine and popularity; stage two re-ranks them with LambdaRank tree ensembles
/// (<see cref="TreeEnsemble"/>; several = bagged, their scores averaged) on the candidates'
/// features. A candidate's served score is <c>(1 − w) · z(ranker) + w · fused_z</c>: the ranker's
/// score standardised over the customer's candidates, mixed with weight <c>w</c>
/// (<see cref="FusedWeight"/>) with stage one's fused EASE+ALS score — an ensemble of the learned
/// re-ranking and the plain blend, which on ml-100k beats either alone. Bought products are never candidates;
/// a customer the model never saw gets the popularity ranking; fewer than k candidates are filled
/// from popularity (score 0). Similar products come from EASE when it is a generator, else item-cosine.
/// </summary>
public sealed class TwoStageRecommender : CatalogRecommender
{
    public const string Name = AlgorithmCatalogue.TwoStage;

    /// <summary>
    /// The two-stage file section's layout version. Version 1 (no marker; 17 or 25 raw-score
    /// features, one ranker, no mix) is refused with a message to retrain.
    /// </summary>
    internal const int SectionVersion = 2;

    internal TwoStageRecommender(StageOne stageOne, IReadOnlyList<TreeEnsemble> rankers, double fusedWeight)
        : base(stageOne?.Catalog ?? throw new ArgumentNullException(nameof(stageOne)))
    {
        StageOne = stageOne;
        ArgumentNullException.ThrowIfNull(rankers);
        if (rankers.Count == 0)
        {
            throw new ArgumentException("The two-stage model needs at least one ranker.", nameof(rankers));
        }

        foreach (var ranker in rankers)
        {
            if (ranker.FeatureCount != StageOne.FeatureCount)
            {
                throw new ArgumentException($"The ranker scores {ranker.FeatureCount} features; stage one computes {StageOne.FeatureCount}.", nameof(rankers));
            }
        }

        if (!(fusedWeight is >= 0 and <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(fusedWeight), fusedWeight, "The fused score's weight must be between 0 and 1.");
        }

        Rankers = [.. rankers];
        FusedWeight = fusedWeight;
    }

    public override string Algorithm => Name;

    internal StageOne StageOne { get; }

    internal TreeEnsemble[] Rankers { get; }

    /// <summary>The weight of stage one's fused score against the standardised ranker score (0 = ranker only).</summary>
    internal double FusedWeight { get; }

    /// <summary>
    /// The served score of each candidate row (<paramref name="rows"/>, row-major, <see cref="StageOne.FeatureCount"/>
    /// per candidate) into <paramref name="scores"/>: the mean ranker score, standardised over the
    /// candidates, mixed with the fused feature.
    /// </summary>
    internal void ScoreCandidates(ReadOnlySpan<float> rows, Span<float> scores)
    {
        var count = scores.Length;
        double sum = 0, squares = 0;
        for (var c = 0; c < count; c++)
        {
            var row = rows.Slice(c * StageOne.FeatureCount, StageOne.FeatureCount);
            var score = 0.0;
            foreach (var ranker in Rankers)
            {
                score += ranker.Score(row);
            }

            score /= Rankers.Length;
            scores[c] = (float)score;
            sum += score;
            squares += score * score;
        }

        var mean = count == 0 ? 0 : sum / count;
        var sd = count == 0 ? 0 : Math.Sqrt(Math.Max(0, (squares / count) - (mean * mean)));
        var scale = sd > 1e-12 ? 1 / sd : 0;
        for (var c = 0; c < count; c++)
        {
            var z = (scores[c] - mean) * scale;
            scores[c] = (float)(((1 - FusedWeight) * z) + (FusedWeight * rows[(c * StageOne.FeatureCount) + StageOne.FusedFeature]));
        }
    }

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
            ScoreCandidates(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(features), scores.AsSpan(0, count));
            for (var c = 0; c < count; c++)
            {
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
        writer.Write(-SectionVersion);
        writer.Write(StageOne.CandidatesPerGenerator);
        writer.Write(StageOne.Ease is null ? 0 : 1);
        StageOne.Ease?.WriteSection(writer);
        StageOne.Als.WriteSection(writer);
        StageOne.ItemCosine.WriteSection(writer);
        BinaryArrays.Write<float>(writer, StageOne.ItemDaysSinceBought);
        BinaryArrays.Write<float>(writer, StageOne.CustomerDaysSinceBought);
        writer.Write(FusedWeight);
        writer.Write(Rankers.Length);
        foreach (var ranker in Rankers)
        {
            ranker.Write(writer);
        }
    }

    /// <summary>
    /// Reads the section <see cref="WriteModel"/> wrote: int32 −<see cref="SectionVersion"/> · int32
    /// candidates per generator · int32 has-EASE · [EASE section] · ALS section · item-cosine section ·
    /// float32[] product recency days · float32[] customer recency days · float64 fused weight · int32
    /// ranker count · that many tree ensembles. A version-1 section starts with the (positive)
    /// candidate count instead of the negative version marker, so it is recognised and refused.
    /// </summary>
    internal static TwoStageRecommender Read(RecommenderCatalog catalog, SafeReader reader)
    {
        var marker = reader.ReadInt32("two-stage section version");
        if (marker >= 0)
        {
            throw new InvalidDataException(
                $"This two-stage model was written by an older build (section version 1: raw-score features, one ranker); this build reads version {SectionVersion}. Retrain the model.");
        }

        if (-marker != SectionVersion)
        {
            throw new InvalidDataException($"Two-stage section version {-(long)marker} is not supported; this build reads version {SectionVersion}.");
        }

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

        var fusedWeight = reader.ReadDouble("two-stage fused weight");
        if (!(fusedWeight is >= 0 and <= 1))
        {
            throw new InvalidDataException($"The two-stage fused weight is {fusedWeight}; expected a value between 0 and 1.");
        }

        var rankerCount = reader.ReadCount("two-stage ranker count", 100);
        if (rankerCount == 0)
        {
            throw new InvalidDataException("The two-stage model holds no ranker.");
        }

        var rankers = new TreeEnsemble[rankerCount];
        for (var r = 0; r < rankerCount; r++)
        {
            rankers[r] = TreeEnsemble.Read(reader, StageOne.FeatureCount);
        }

        return new TwoStageRecommender(new StageOne(catalog, perGenerator, ease, als, cosine, itemDays, customerDays), rankers, fusedWeight);
    }
}
