namespace EcommerceMl.Ml.Trees;

/// <summary>
/// A boosted tree ensemble copied out of a trained LightGBM model (<see cref="FromLightGbm"/>: the
/// two-stage ranker, churn, demand), so serving scores with plain array walks: no ML.NET pipeline, no PredictionEngine,
/// no allocation per candidate. Node encoding as ML.NET's <c>RegressionTree</c>: a child index
/// ≥ 0 is an internal node, a negative one is <c>~leaf</c>; go left when
/// <c>feature ≤ threshold</c>. Tree weights are folded into the leaf values.
/// </summary>
internal sealed class TreeEnsemble
{
    // Far above any ensemble trained here; stops a corrupt count from allocating gigabytes.
    private const int MaxTrees = 100_000;

    private readonly Tree[] _trees;

    /// <summary>Copies ML.NET's trees, weights folded into the leaves. Only numeric splits: every feature we train on is numeric.</summary>
    public static TreeEnsemble FromLightGbm(Microsoft.ML.Trainers.FastTree.RegressionTreeEnsemble ensemble, int featureCount)
    {
        ArgumentNullException.ThrowIfNull(ensemble);
        var trees = new List<Tree>(ensemble.Trees.Count);
        for (var t = 0; t < ensemble.Trees.Count; t++)
        {
            var tree = ensemble.Trees[t];
            var weight = ensemble.TreeWeights[t];
            if (tree.CategoricalSplitFlags.Any(flag => flag))
            {
                throw new InvalidOperationException("LightGBM learned a categorical split; the copied trees score numeric splits only.");
            }

            trees.Add(new Tree(
                [.. tree.LeftChild], [.. tree.RightChild], [.. tree.NumericalSplitFeatureIndexes], [.. tree.NumericalSplitThresholds],
                [.. tree.LeafValues.Select(v => v * weight)]));
        }

        return new TreeEnsemble(featureCount, ensemble.Bias, trees);
    }

    public TreeEnsemble(int featureCount, double bias, IReadOnlyList<Tree> trees)
    {
        ArgumentNullException.ThrowIfNull(trees);
        FeatureCount = featureCount;
        Bias = bias;
        _trees = [.. trees];
        foreach (var tree in _trees)
        {
            tree.Validate(featureCount);
        }
    }

    public int FeatureCount { get; }

    public double Bias { get; }

    public int TreeCount => _trees.Length;

    public double Score(ReadOnlySpan<float> features)
    {
        var sum = Bias;
        foreach (var tree in _trees)
        {
            sum += tree.Evaluate(features);
        }

        return sum;
    }

    /// <summary>Tree <paramref name="tree"/>'s contribution alone (early stopping walks the ensemble tree by tree).</summary>
    public double ScoreTree(int tree, ReadOnlySpan<float> features) => _trees[tree].Evaluate(features);

    /// <summary>The same ensemble with only its first <paramref name="trees"/> trees.</summary>
    public TreeEnsemble Truncate(int trees)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trees);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(trees, _trees.Length);
        return new TreeEnsemble(FeatureCount, Bias, _trees[..trees]);
    }

    public void Write(BinaryWriter writer)
    {
        writer.Write(FeatureCount);
        writer.Write(Bias);
        writer.Write(_trees.Length);
        foreach (var tree in _trees)
        {
            BinaryArrays.Write<int>(writer, tree.Left);
            BinaryArrays.Write<int>(writer, tree.Right);
            BinaryArrays.Write<int>(writer, tree.Feature);
            BinaryArrays.Write<float>(writer, tree.Threshold);
            BinaryArrays.Write<double>(writer, tree.Leaf);
        }
    }

    /// <summary>Reads what <see cref="Write"/> wrote, refusing trees over another number of features than <paramref name="expectedFeatures"/>.</summary>
    public static TreeEnsemble Read(SafeReader reader, int expectedFeatures)
    {
        ArgumentNullException.ThrowIfNull(reader);
        var features = reader.ReadInt32("tree feature count");
        if (features != expectedFeatures)
        {
            throw reader.Malformed($"the trees score {features} features; this build computes {expectedFeatures}");
        }

        var bias = reader.ReadFiniteDouble("tree bias");
        var count = reader.ReadCount("tree count", MaxTrees);
        var trees = new Tree[count];
        for (var t = 0; t < count; t++)
        {
            var left = reader.ReadArray<int>("tree left children");
            var right = reader.ReadArray<int>("tree right children", left.Length);
            var feature = reader.ReadArray<int>("tree split features", left.Length);
            var threshold = reader.ReadArray<float>("tree thresholds", left.Length);
            var leaf = reader.ReadArray<double>("tree leaf values", left.Length + 1);
            trees[t] = new Tree(left, right, feature, threshold, leaf);
        }

        try
        {
            return new TreeEnsemble(features, bias, trees);
        }
        catch (ArgumentException error)
        {
            throw reader.Malformed($"the trees are malformed: {error.Message.TrimEnd('.')}");
        }
    }

    /// <summary>One regression tree: <c>n</c> internal nodes and <c>n + 1</c> leaves.</summary>
    internal sealed record Tree(int[] Left, int[] Right, int[] Feature, float[] Threshold, double[] Leaf)
    {
        public double Evaluate(ReadOnlySpan<float> features)
        {
            if (Left.Length == 0)
            {
                return Leaf[0];
            }

            var node = 0;
            while (node >= 0)
            {
                node = features[Feature[node]] <= Threshold[node] ? Left[node] : Right[node];
            }

            return Leaf[~node];
        }

        /// <summary>Every child points at a later node or a leaf, so a walk always ends.</summary>
        public void Validate(int featureCount)
        {
            var nodes = Left.Length;
            if (Right.Length != nodes || Feature.Length != nodes || Threshold.Length != nodes || Leaf.Length != nodes + 1)
            {
                throw new ArgumentException($"a tree of {nodes} nodes needs {nodes} children each side, features, thresholds and {nodes + 1} leaves.");
            }

            for (var i = 0; i < nodes; i++)
            {
                if ((uint)Feature[i] >= (uint)featureCount || !float.IsFinite(Threshold[i]))
                {
                    throw new ArgumentException($"node {i} splits on feature {Feature[i]} at {Threshold[i]}.");
                }

                foreach (var child in (ReadOnlySpan<int>)[Left[i], Right[i]])
                {
                    if (child >= 0 ? child <= i || child >= nodes : ~child > nodes)
                    {
                        throw new ArgumentException($"node {i} has child {child}.");
                    }
                }
            }

            if (!Leaf.All(double.IsFinite))
            {
                throw new ArgumentException("a leaf value is not finite.");
            }
        }
    }
}
