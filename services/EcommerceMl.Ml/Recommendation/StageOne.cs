using System.Buffers;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>How the two-stage model's generators are fit and how many candidates each gives.</summary>
/// <param name="UseEase">EASE is a generator (the two-stage fit leaves it out past <c>ease_max_products</c>).</param>
internal sealed record StageOneOptions(int CandidatesPerGenerator, bool UseEase, double EaseLambda, AlsOptions Als, ItemCosineOptions ItemCosine);

/// <summary>
/// Stage one of the two-stage model, and the features stage two ranks on. The generators (EASE,
/// ALS, item-cosine, popularity) share one catalogue; each proposes its top
/// <c>CandidatesPerGenerator</c> unbought products, and the union is the customer's candidate set.
/// <see cref="Build"/> is the one place features are computed, for training rows and for requests
/// alike, so what the ranker was trained on is exactly what it is served.
/// </summary>
/// <remarks>
/// Features per (customer, candidate), in order (<see cref="FeatureNames"/>). Every one is
/// per-customer normalised or a rank, never a raw generator score or a raw count: the ranker is
/// trained on generators fit on ~80% of each customer's products and served by generators fit on
/// all of them, and raw scores, buyer counts and basket sizes shift between the two while ranks and
/// within-customer ratios do not (dropping the six raw ones lifted seed-42 nDCG@10; see
/// bench/results/recommendation-quality.md). In order: each generator's rank in its own list
/// (1-based; <c>candidates + 1</c> when outside it), popularity rank, days since anyone last bought
/// the product, the customer's category affinity (share of their products in the candidate's
/// category), price band (the price's percentile in the catalogue), price against the customer's
/// mean price, days since the customer's last purchase, each generator's score divided by its best
/// candidate's (positive) score, the mean of the generators' ranks, each generator's score
/// standardised over the customer's candidates, the largest item-cosine similarity to a bought
/// product, the share of bought products listing the candidate as a neighbour, the candidate's
/// log(1 + buyers) minus the mean over the customer's products, the fused score (mean of the EASE
/// and ALS standardised scores; ALS's alone without EASE) and its rank among the candidates, EASE's
/// and ALS's rank among the candidates, and their reciprocal-rank fusion 60/(60 + rank) summed.
/// Days count back from the data's end, not the clock.
/// </remarks>
internal sealed class StageOne
{
    public static readonly string[] FeatureNames =
    [
        "ease_rank", "als_rank", "cosine_rank", "popularity_rank", "item_days_since_bought",
        "category_affinity", "price_band", "price_vs_customer_mean", "customer_days_since_bought",
        "ease_score_vs_best", "als_score_vs_best", "cosine_score_vs_best", "mean_generator_rank",
        "ease_score_z", "als_score_z", "cosine_score_z", "cosine_max_similarity", "cosine_neighbour_share",
        "log_buyers_vs_customer_mean", "fused_z", "fused_rank", "ease_candidate_rank", "als_candidate_rank",
        "reciprocal_rank_fusion",
    ];

    /// <summary>The length of <see cref="FeatureNames"/>, as a constant for ML.NET's vector schema.</summary>
    public const int FeatureCount = 24;

    /// <summary>Where <c>fused_z</c> sits in a feature row: the served score mixes it with the ranker's.</summary>
    public const int FusedFeature = 19;

    private readonly int[] _categoryOf;
    private readonly int _categoryCount;
    private readonly float[] _priceBand;

    public StageOne(RecommenderCatalog catalog, int candidatesPerGenerator, EaseRecommender? ease, AlsRecommender als, ItemCosineRecommender itemCosine, float[] itemDaysSinceBought, float[] customerDaysSinceBought)
    {
        ArgumentNullException.ThrowIfNull(catalog);
        ArgumentNullException.ThrowIfNull(itemDaysSinceBought);
        ArgumentNullException.ThrowIfNull(customerDaysSinceBought);
        if (itemDaysSinceBought.Length != catalog.ProductCount || customerDaysSinceBought.Length != catalog.Customers.Length)
        {
            throw new ArgumentException("The recency tables do not match the catalogue's products and customers.", nameof(itemDaysSinceBought));
        }

        Catalog = catalog;
        CandidatesPerGenerator = candidatesPerGenerator;
        Ease = ease;
        Als = als ?? throw new ArgumentNullException(nameof(als));
        ItemCosine = itemCosine ?? throw new ArgumentNullException(nameof(itemCosine));
        ItemDaysSinceBought = itemDaysSinceBought;
        CustomerDaysSinceBought = customerDaysSinceBought;

        var categories = new Dictionary<string, int>(StringComparer.Ordinal);
        _categoryOf = [.. catalog.Products.Select(p => categories.TryGetValue(p.Category, out var c) ? c : categories[p.Category] = categories.Count)];
        _categoryCount = categories.Count;

        // Percentile of each price among the catalogue's prices (equal prices share the lower percentile).
        var sorted = catalog.Products.Select(p => p.Price).Order().ToArray();
        _priceBand = [.. catalog.Products.Select(p => sorted.Length < 2 ? 0f : (float)(LowerBound(sorted, p.Price) / (double)(sorted.Length - 1)))];
    }

    public RecommenderCatalog Catalog { get; }

    public int CandidatesPerGenerator { get; }

    public EaseRecommender? Ease { get; }

    public AlsRecommender Als { get; }

    public ItemCosineRecommender ItemCosine { get; }

    public float[] ItemDaysSinceBought { get; }

    public float[] CustomerDaysSinceBought { get; }

    /// <summary>Fits every generator on <paramref name="data"/> over one shared catalogue.</summary>
    public static StageOne Fit(InteractionData data, StageOneOptions options, IProgress<double>? progress)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(options);
        var popularity = PopularityKernel.DistinctBuyers(data.ProductCount, data.CustomerItems, data.LastPurchasedTicks);
        var catalog = RecommenderCatalog.FromInteractions(data, popularity);
        EaseRecommender? ease = null;
        if (options.UseEase)
        {
            var (weights, stride) = EaseKernel.Fit(data.ProductCount, data.CustomerOffsets, data.CustomerItems, options.EaseLambda, ScaledProgress.Of(progress, 0, 0.5));
            ease = new EaseRecommender(catalog, weights, stride);
        }

        var (users, items) = AlsKernel.Fit(data.CustomerCount, data.ProductCount, data.CustomerOffsets, data.CustomerItems, options.Als, ScaledProgress.Of(progress, 0.5, 0.9));
        var als = new AlsRecommender(catalog, options.Als.Factors, users, items);
        var neighbours = ItemCosineKernel.Fit(data.ProductCount, data.CustomerOffsets, data.CustomerItems, options.ItemCosine, ScaledProgress.Of(progress, 0.9, 1));
        var cosine = new ItemCosineRecommender(catalog, neighbours);

        var end = data.End.Ticks;
        var itemLast = new long[data.ProductCount];
        Array.Fill(itemLast, long.MinValue);
        var customerDays = new float[data.CustomerCount];
        for (var u = 0; u < data.CustomerCount; u++)
        {
            var last = long.MinValue;
            for (var p = data.CustomerOffsets[u]; p < data.CustomerOffsets[u + 1]; p++)
            {
                var item = data.CustomerItems[p];
                itemLast[item] = Math.Max(itemLast[item], data.LastPurchasedTicks[p]);
                last = Math.Max(last, data.LastPurchasedTicks[p]);
            }

            customerDays[u] = DaysBefore(end, last);
        }

        var itemDays = itemLast.Select(t => DaysBefore(end, t)).ToArray();
        return new StageOne(catalog, options.CandidatesPerGenerator, ease, als, cosine, itemDays, customerDays);
    }

    /// <summary>
    /// The candidates of a known customer (unbought, distinct) into <paramref name="candidates"/>,
    /// and their features, row-major, into <paramref name="features"/> (both cleared first).
    /// </summary>
    public void Build(int customer, List<int> candidates, List<float> features)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(features);
        candidates.Clear();
        features.Clear();
        var n = Catalog.ProductCount;
        var bought = Catalog.ItemsOf(customer);
        var pool = ArrayPool<float>.Shared;
        var ranksPool = ArrayPool<int>.Shared;
        float[] ease = pool.Rent(n), als = pool.Rent(n), cosine = pool.Rent(n), cosineMax = pool.Rent(n);
        int[] easeRank = ranksPool.Rent(n), alsRank = ranksPool.Rent(n), cosineRank = ranksPool.Rent(n), cosineHits = ranksPool.Rent(n), categoryCount = ranksPool.Rent(_categoryCount);
        try
        {
            ItemCosine.ScoreInto(bought, cosine.AsSpan(0, n), cosineMax.AsSpan(0, n), cosineHits.AsSpan(0, n));
            Candidates(customer, bought, n, (ease, easeRank), (als, alsRank), (cosine, cosineRank), candidates);
            categoryCount.AsSpan(0, _categoryCount).Clear();
            var spent = 0.0;
            foreach (var item in bought)
            {
                categoryCount[_categoryOf[item]]++;
                spent += Catalog.Products[item].Price;
            }

            var meanPrice = bought.Length == 0 ? 0 : spent / bought.Length;
            var meanLogBuyers = 0f;
            foreach (var item in bought)
            {
                meanLogBuyers += MathF.Log(1 + Catalog.Popularity[item]);
            }

            meanLogBuyers = bought.Length == 0 ? 0 : meanLogBuyers / bought.Length;
            var missing = CandidatesPerGenerator + 1f;
            var customerDays = CustomerDaysSinceBought[customer];

            // Each generator's best candidate score: scores divided by it compare across customers
            // (raw EASE and item-cosine scores grow with how much a customer bought).
            float bestEase = float.Epsilon, bestAls = float.Epsilon, bestCosine = float.Epsilon;
            foreach (var j in candidates)
            {
                bestEase = Math.Max(bestEase, Ease is null ? 0 : ease[j]);
                bestAls = Math.Max(bestAls, als[j]);
                bestCosine = Math.Max(bestCosine, cosine[j]);
            }

            // Scores standardised over the customer's candidates: where a candidate stands among the others.
            var easeZ = Standardizer.Over(candidates, Ease is null ? null : ease);
            var alsZ = Standardizer.Over(candidates, als);
            var cosineZ = Standardizer.Over(candidates, cosine);
            var fused = new float[candidates.Count];
            var easeScores = new float[candidates.Count];
            var alsScores = new float[candidates.Count];
            for (var c = 0; c < candidates.Count; c++)
            {
                var j = candidates[c];
                easeScores[c] = Ease is null ? 0 : ease[j];
                alsScores[c] = als[j];
                fused[c] = Ease is null ? alsZ.Of(als[j]) : (easeZ.Of(ease[j]) + alsZ.Of(als[j])) / 2;
            }

            var fusedRank = RanksOf(fused);
            var easeCandidateRank = RanksOf(easeScores);
            var alsCandidateRank = RanksOf(alsScores);
            var position = 0;

            foreach (var j in candidates)
            {
                var easeR = Ease is null || easeRank[j] == 0 ? missing : easeRank[j];
                var alsR = alsRank[j] == 0 ? missing : alsRank[j];
                var cosineR = cosineRank[j] == 0 ? missing : cosineRank[j];
                features.Add(Ease is null ? missing : easeR);
                features.Add(alsR);
                features.Add(cosineR);
                features.Add(Catalog.PopularityRank(j) + 1);
                features.Add(ItemDaysSinceBought[j]);
                features.Add(bought.Length == 0 ? 0 : categoryCount[_categoryOf[j]] / (float)bought.Length);
                features.Add(_priceBand[j]);
                features.Add(meanPrice > 0 ? (float)(Catalog.Products[j].Price / meanPrice) : 1);
                features.Add(customerDays);
                features.Add(Ease is null ? 0 : ease[j] / bestEase);
                features.Add(als[j] / bestAls);
                features.Add(cosine[j] / bestCosine);
                features.Add(Ease is null ? (alsR + cosineR) / 2 : (easeR + alsR + cosineR) / 3);
                features.Add(Ease is null ? 0 : easeZ.Of(ease[j]));
                features.Add(alsZ.Of(als[j]));
                features.Add(cosineZ.Of(cosine[j]));
                features.Add(cosineMax[j]);
                features.Add(bought.Length == 0 ? 0 : cosineHits[j] / (float)bought.Length);
                features.Add(MathF.Log(1 + Catalog.Popularity[j]) - meanLogBuyers);
                features.Add(fused[position]);
                features.Add(fusedRank[position]);
                features.Add(Ease is null ? candidates.Count + 1 : easeCandidateRank[position]);
                features.Add(alsCandidateRank[position]);
                features.Add((Ease is null ? 0 : 60f / (60 + easeCandidateRank[position])) + (60f / (60 + alsCandidateRank[position])));
                position++;
            }
        }
        finally
        {
            pool.Return(ease);
            pool.Return(als);
            pool.Return(cosine);
            pool.Return(cosineMax);
            ranksPool.Return(cosineHits);
            ranksPool.Return(easeRank);
            ranksPool.Return(alsRank);
            ranksPool.Return(cosineRank);
            ranksPool.Return(categoryCount);
        }
    }

    private void Candidates(int customer, ReadOnlySpan<int> bought, int n, (float[] Scores, int[] Rank) ease, (float[] Scores, int[] Rank) als, (float[] Scores, int[] Rank) cosine, List<int> candidates)
    {
        var perGenerator = CandidatesPerGenerator;
        Ease?.ScoreInto(bought, ease.Scores.AsSpan(0, n));
        Als.ScoreInto(customer, als.Scores.AsSpan(0, n));

        // Rank 0 = not in that generator's list; a mark per product keeps the union distinct.
        foreach (var (scores, rank, active) in (ReadOnlySpan<(float[], int[], bool)>)[(ease.Scores, ease.Rank, Ease is not null), (als.Scores, als.Rank, true), (cosine.Scores, cosine.Rank, true)])
        {
            rank.AsSpan(0, n).Clear();
            if (!active)
            {
                continue;
            }

            foreach (var item in bought)
            {
                scores[item] = float.NegativeInfinity;
            }

            var top = TopK.Select(scores.AsSpan(0, n), Catalog.PopularityRanks, perGenerator);
            for (var r = 0; r < top.Length && !float.IsNegativeInfinity(scores[top[r]]); r++)
            {
                rank[top[r]] = r + 1;
                Add(top[r]);
            }
        }

        var popular = 0;
        foreach (var item in Catalog.PopularityOrder)
        {
            if (popular >= perGenerator)
            {
                break;
            }

            if (bought.BinarySearch(item) < 0)
            {
                popular++;
                Add(item);
            }
        }

        void Add(int item)
        {
            // A linear check: the union is a few hundred products at most.
            if (!candidates.Contains(item))
            {
                candidates.Add(item);
            }
        }
    }

    /// <summary>Mean and standard deviation of a score over the candidates (a constant score standardises to 0).</summary>
    private readonly record struct Standardizer(float Mean, float Scale)
    {
        public static Standardizer Over(List<int> candidates, float[]? scores)
        {
            if (scores is null || candidates.Count == 0)
            {
                return new Standardizer(0, 0);
            }

            double sum = 0, squares = 0;
            foreach (var j in candidates)
            {
                sum += scores[j];
                squares += (double)scores[j] * scores[j];
            }

            var mean = sum / candidates.Count;
            var sd = Math.Sqrt(Math.Max(0, (squares / candidates.Count) - (mean * mean)));
            return new Standardizer((float)mean, sd > 1e-12 ? (float)(1 / sd) : 0);
        }

        public float Of(float score) => (score - Mean) * Scale;
    }

    /// <summary>1-based rank of each value among all of them, highest first (ties by position).</summary>
    private static float[] RanksOf(float[] values)
    {
        var order = Enumerable.Range(0, values.Length).ToArray();
        Array.Sort(order, (a, b) => values[b] != values[a] ? values[b].CompareTo(values[a]) : a.CompareTo(b));
        var ranks = new float[values.Length];
        for (var r = 0; r < order.Length; r++)
        {
            ranks[order[r]] = r + 1;
        }

        return ranks;
    }

    private static float DaysBefore(long end, long ticks) =>
        ticks == long.MinValue ? 36_500f : (float)((end - ticks) / (double)TimeSpan.TicksPerDay);

    private static int LowerBound(double[] sorted, double value)
    {
        var index = Array.BinarySearch(sorted, value);
        if (index < 0)
        {
            return ~index;
        }

        while (index > 0 && sorted[index - 1] == value)
        {
            index--;
        }

        return index;
    }
}
