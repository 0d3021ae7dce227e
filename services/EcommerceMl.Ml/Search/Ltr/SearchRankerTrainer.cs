using EcommerceMl.Ml.Trees;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Trainers.LightGbm;

namespace EcommerceMl.Ml.Search.Ltr;

/// <summary>LightGBM LambdaRank settings of the search re-ranker.</summary>
internal sealed record SearchRankerOptions(int Trees, int Leaves, double LearningRate, int MinRowsPerLeaf, int Seed);

/// <summary>
/// One group per search: its candidates' feature rows and their graded labels (0 none, 1 viewed, 2 added, 3 bought),
/// groups contiguous.
/// </summary>
internal sealed class SearchRankingRows
{
    public List<float[]> Rows { get; } = [];

    public List<float> Labels { get; } = [];

    public List<uint> Groups { get; } = [];

    public int GroupCount { get; private set; }

    public void AddGroup(float[][] rows, float[] labels)
    {
        for (var i = 0; i < rows.Length; i++)
        {
            Rows.Add(rows[i]);
            Labels.Add(labels[i]);
            Groups.Add((uint)GroupCount);
        }

        GroupCount++;
    }
}

/// <summary>
/// The adapter to ML.NET's LightGBM ranking trainer (LambdaRank, NDCG's default gains 2^label − 1): fits on the
/// groups and copies the trees out into a <see cref="TreeEnsemble"/>, so serving walks arrays and never touches ML.NET.
/// One thread and a seed: the same rows give the same trees.
/// </summary>
internal static class SearchRankerTrainer
{
    public static TreeEnsemble Train(SearchRankingRows training, SearchRankerOptions options) =>
        TreeEnsemble.FromLightGbm(FitModel(new MLContext(options.Seed), training, options).Model.TrainedTreeEnsemble, SearchFeatures.Count);

    internal static RankingPredictionTransformer<LightGbmRankingModelParameters> FitModel(MLContext ml, SearchRankingRows training, SearchRankerOptions options)
    {
        ArgumentNullException.ThrowIfNull(training);
        ArgumentNullException.ThrowIfNull(options);
        if (training.GroupCount == 0)
        {
            throw new ArgumentException("The re-ranker needs at least one search with a credited product among its candidates.", nameof(training));
        }

        var trainer = ml.Ranking.Trainers.LightGbm(new LightGbmRankingTrainer.Options
        {
            LabelColumnName = nameof(Row.Label),
            FeatureColumnName = nameof(Row.Features),
            RowGroupColumnName = nameof(Row.Group),
            NumberOfIterations = options.Trees,
            NumberOfLeaves = options.Leaves,
            LearningRate = options.LearningRate,
            MinimumExampleCountPerLeaf = options.MinRowsPerLeaf,
            Seed = options.Seed,
            NumberOfThreads = 1,
            Deterministic = true,
            Silent = true,
            Verbose = false,
        });
        return trainer.Fit(Load(ml, training));
    }

    internal static IDataView Load(MLContext ml, SearchRankingRows rows)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[nameof(Row.Features)].ColumnType = new VectorDataViewType(NumberDataViewType.Single, SearchFeatures.Count);
        schema[nameof(Row.Group)].ColumnType = new KeyDataViewType(typeof(uint), (ulong)rows.GroupCount + 1);

        // Key values are 1-based in ML.NET (0 means missing).
        return ml.Data.LoadFromEnumerable(
            Enumerable.Range(0, rows.Rows.Count).Select(i => new Row { Label = rows.Labels[i], Features = rows.Rows[i], Group = rows.Groups[i] + 1 }), schema);
    }

    internal sealed class Row
    {
        public float Label { get; set; }

        public float[] Features { get; set; } = [];

        public uint Group { get; set; }
    }
}
