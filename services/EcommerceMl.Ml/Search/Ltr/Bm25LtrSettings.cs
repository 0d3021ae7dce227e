using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;
using Keys = EcommerceMl.Contracts.HyperparameterKeys.Bm25Ltr;

namespace EcommerceMl.Ml.Search.Ltr;

/// <summary>
/// The settings of <c>bm25-ltr</c> (defaults in brackets): the first stage's BM25 (as <c>bm25</c>'s), how many BM25
/// candidates are re-ranked [100], the days of searches before a model's end its ranker learns from [180], the
/// pseudo-searches rates are shrunk by [5], the recommendation algorithm customer affinity comes from [item-cosine;
/// <c>none</c> turns it off], the popularity weight of the fallback without sessions [0.3], the trees [100 trees of 15
/// leaves, learning rate 0.1, at least 20 rows a leaf]. <see cref="MinRankerSearches"/> searches with a credited
/// candidate are needed to learn a ranker at all.
/// </summary>
internal sealed record Bm25LtrSettings(
    Bm25Settings Bm25, int Candidates, int RankerDays, double Smoothing, string Affinity, double PopularityWeight, SearchRankerOptions Ranker)
{
    public const string NoAffinity = "none";

    /// <summary>Fewer searches than this to learn from: the model is BM25 re-ranked by popularity.</summary>
    public const int MinRankerSearches = 50;

    public static Bm25LtrSettings Default { get; } = new(Bm25Settings.Default, 100, 180, 5, ItemCosineRecommender.Name, 0.3, new SearchRankerOptions(100, 15, 0.1, 20, 42));

    public static IReadOnlyList<string> AffinityChoices { get; } = [NoAffinity, .. RecommendationPipeline.AlgorithmNames];

    public static Bm25LtrSettings Parse(string algorithm, IReadOnlyDictionary<string, string> given, int seed, out IReadOnlyDictionary<string, string> resolved)
    {
        var hp = new Hyperparameters(algorithm, given, Keys.All);
        var bm25 = Default.Bm25;
        var settings = new Bm25LtrSettings(
            new Bm25Settings(
                hp.GetDouble(HyperparameterKeys.Bm25.K1, bm25.K1, 0, 10),
                hp.GetDouble(HyperparameterKeys.Bm25.B, bm25.B, 0, 1),
                [
                    hp.GetDouble(HyperparameterKeys.Bm25.NameWeight, bm25.FieldWeights[0], 0, 100),
                    hp.GetDouble(HyperparameterKeys.Bm25.CategoryWeight, bm25.FieldWeights[1], 0, 100),
                    hp.GetDouble(HyperparameterKeys.Bm25.DescriptionWeight, bm25.FieldWeights[2], 0, 100),
                    hp.GetDouble(HyperparameterKeys.Bm25.AttributesWeight, bm25.FieldWeights[3], 0, 100),
                ]),
            hp.GetInt(Keys.Candidates, Default.Candidates, 10, 1000),
            hp.GetInt(Keys.RankerDays, Default.RankerDays, 1, 3650),
            hp.GetDouble(Keys.Smoothing, Default.Smoothing, 0.1, 1000),
            hp.GetChoice(Keys.Affinity, Default.Affinity, AffinityChoices),
            hp.GetDouble(Keys.PopularityWeight, Default.PopularityWeight, 0, 10),
            new SearchRankerOptions(
                hp.GetInt(Keys.Trees, Default.Ranker.Trees, 1, 5000),
                hp.GetInt(Keys.Leaves, Default.Ranker.Leaves, 2, 1024),
                hp.GetDouble(Keys.LearningRate, Default.Ranker.LearningRate, 1e-4, 1),
                hp.GetInt(Keys.MinLeafRows, Default.Ranker.MinRowsPerLeaf, 1, 100_000),
                seed));
        resolved = hp.Resolved;
        return settings;
    }
}
