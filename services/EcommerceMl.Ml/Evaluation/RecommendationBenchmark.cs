using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>What to run: which algorithms, with which hyperparameters, on which protocol and seeds.</summary>
/// <param name="Hyperparameters">Per algorithm name, the values to use (the rest default).</param>
public sealed record RecommendationBenchmarkRequest(
    ShopData Data,
    string Protocol,
    IReadOnlyList<int> Seeds,
    int K,
    IReadOnlyList<string> Algorithms,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>>? Hyperparameters = null)
{
    /// <summary>Reports "algorithm, seed: ndcg …" lines as runs finish (for a console).</summary>
    public IProgress<string>? Log { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;
}

/// <summary>The harness's answer: per algorithm, each metric's mean and standard deviation over the seeds.</summary>
/// <param name="Skipped">The algorithms that refused to train on this shop, with their reason, in the request's order.</param>
public sealed record RecommendationBenchmarkReport(
    string Dataset, string Protocol, int K, IReadOnlyList<int> Seeds, IReadOnlyList<AlgorithmBenchmarkResult> Results, IReadOnlyList<SkippedAlgorithm> Skipped);

/// <summary>An algorithm the harness could not run, and why (its refusal, naming what to change).</summary>
public sealed record SkippedAlgorithm(string Algorithm, string Reason);

/// <param name="Hyperparameters">Every value used, defaults included (the seed is the report's).</param>
/// <param name="Mean">Per <see cref="SplitMetrics.Names"/>, the mean over seeds.</param>
/// <param name="StandardDeviation">Per metric, the sample standard deviation over seeds (0 for one seed).</param>
public sealed record AlgorithmBenchmarkResult(
    string Algorithm, IReadOnlyDictionary<string, string> Hyperparameters, IReadOnlyDictionary<string, double> Mean, IReadOnlyDictionary<string, double> StandardDeviation);

/// <summary>
/// The recommendation evaluation harness: for each seed, split the shop by the protocol, then for
/// each algorithm fit on the training side (timed), recommend top-k for every evaluated customer
/// (timed, through <see cref="IRecommender.Recommend"/> exactly as the server answers, so bought
/// products are removed and the whole catalogue is ranked), and score with <see cref="SplitMetrics"/>.
/// Algorithms with a <c>seed</c> hyperparameter get the run's seed unless one is given.
/// An algorithm that refuses to train on the shop (<see cref="InvalidTrainingRequestException"/>,
/// or running out of memory) is skipped with its reason and the others still run: one refusal never
/// costs the whole table. Invalid hyperparameters are still refused before the first fit.
/// </summary>
public static class RecommendationBenchmark
{
    public const string SeedHyperparameter = "seed";

    /// <summary>The algorithms the harness (and the trainer) know, in the pipeline's order.</summary>
    public static IReadOnlyList<string> AlgorithmNames => RecommendationPipeline.AlgorithmNames;

    public static RecommendationBenchmarkReport Run(RecommendationBenchmarkRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Seeds.Count == 0)
        {
            throw new ArgumentException("At least one seed is needed.", nameof(request));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(request.K, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(request.K, CatalogRecommender.MaxK);
        var algorithms = request.Algorithms.Select(name => RecommendationPipeline.FindAlgorithm(name)
            ?? throw new InvalidTrainingRequestException($"Unknown recommendation algorithm '{name}'. Accepted: {string.Join(", ", AlgorithmNames)}.")).ToList();

        // Validate every algorithm's hyperparameters before the first (possibly long) fit.
        foreach (var algorithm in algorithms)
        {
            Configure(algorithm, request, request.Seeds[0]);
        }

        var runs = algorithms.ToDictionary(a => a.Name, _ => new List<Dictionary<string, double>>(), StringComparer.Ordinal);
        var resolved = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
        var skipped = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var seed in request.Seeds)
        {
            var split = RecommendationProtocols.Split(request.Data, request.Protocol, seed);
            if (split.Test.Count == 0)
            {
                throw new ArgumentException($"The '{request.Protocol}' split of '{request.Data.Name}' leaves no customer to evaluate.", nameof(request));
            }

            var train = InteractionData.FromShop(split.Train);
            var customers = split.Test.Keys.Order(StringComparer.Ordinal).ToList();
            foreach (var algorithm in algorithms.Where(a => !skipped.ContainsKey(a.Name)))
            {
                var (fit, used) = Configure(algorithm, request, seed);
                resolved[algorithm.Name] = used;
                Dictionary<string, double> metrics;
                try
                {
                    metrics = RunOnce(fit, train, split, customers, request);
                }
                catch (Exception refusal) when (refusal is InvalidTrainingRequestException or OutOfMemoryException)
                {
                    var reason = refusal is OutOfMemoryException ? $"ran out of memory ({refusal.Message})" : refusal.Message;
                    skipped[algorithm.Name] = request.Seeds.Count > 1 ? $"seed {seed}: {reason}" : reason;
                    request.Log?.Report($"{algorithm.Name}, seed {seed}: skipped — {reason}");
                    continue;
                }

                runs[algorithm.Name].Add(metrics);
                request.Log?.Report(
                    $"{algorithm.Name}, seed {seed}: ndcg {metrics[SplitMetrics.Ndcg]:F4}, precision {metrics[SplitMetrics.Precision]:F4}, "
                    + $"fit {metrics[SplitMetrics.FitSeconds]:F3} s, recommend {metrics[SplitMetrics.RecommendSeconds]:F3} s");
            }
        }

        var results = algorithms.Where(a => !skipped.ContainsKey(a.Name)).Select(a => Summarize(a.Name, resolved[a.Name], runs[a.Name])).ToList();
        var skips = algorithms.Where(a => skipped.ContainsKey(a.Name)).Select(a => new SkippedAlgorithm(a.Name, skipped[a.Name])).ToList();
        return new RecommendationBenchmarkReport(request.Data.Name, request.Protocol, request.K, [.. request.Seeds], results, skips);
    }

    /// <summary>Mean and sample standard deviation of each metric over the runs.</summary>
    internal static AlgorithmBenchmarkResult Summarize(string algorithm, IReadOnlyDictionary<string, string> hyperparameters, IReadOnlyList<IReadOnlyDictionary<string, double>> runs)
    {
        var mean = new Dictionary<string, double>(StringComparer.Ordinal);
        var sd = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in SplitMetrics.Names)
        {
            var values = runs.Select(r => r[name]).ToList();
            var m = values.Average();
            mean[name] = m;
            sd[name] = values.Count < 2 ? 0 : Math.Sqrt(values.Sum(v => (v - m) * (v - m)) / (values.Count - 1));
        }

        return new AlgorithmBenchmarkResult(algorithm, hyperparameters, mean, sd);
    }

    private static Dictionary<string, double> RunOnce(RecommenderFit fit, InteractionData train, RecommendationSplit split, List<string> customers, RecommendationBenchmarkRequest request)
    {
        var time = request.Time;
        var started = time.GetTimestamp();
        var model = fit(train, null);
        var fitSeconds = time.GetElapsedTime(started).TotalSeconds;

        started = time.GetTimestamp();
        var recommended = new Dictionary<string, IReadOnlyList<string>>(customers.Count, StringComparer.Ordinal);
        foreach (var customer in customers)
        {
            var top = model.Recommend(customer, request.K);
            var ids = new string[top.Count];
            for (var i = 0; i < ids.Length; i++)
            {
                ids[i] = top[i].ProductId;
            }

            recommended[customer] = ids;
        }

        var recommendSeconds = time.GetElapsedTime(started).TotalSeconds;
        var metrics = SplitMetrics.Compute(recommended, split.Test, model.ProductCount, request.K);
        metrics[SplitMetrics.FitSeconds] = fitSeconds;
        metrics[SplitMetrics.RecommendSeconds] = recommendSeconds;
        return metrics;
    }

    private static (RecommenderFit Fit, IReadOnlyDictionary<string, string> Resolved) Configure(IRecommenderAlgorithm algorithm, RecommendationBenchmarkRequest request, int seed)
    {
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        if (request.Hyperparameters?.TryGetValue(algorithm.Name, out var values) == true)
        {
            foreach (var (key, value) in values)
            {
                given[key] = value;
            }
        }

        if (algorithm.HyperparameterNames.Contains(SeedHyperparameter) && !given.ContainsKey(SeedHyperparameter))
        {
            given[SeedHyperparameter] = seed.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }

        var hyperparameters = new Hyperparameters(algorithm.Name, given, algorithm.HyperparameterNames);
        var fit = algorithm.Configure(hyperparameters);
        var resolved = hyperparameters.Resolved
            .Where(e => !string.Equals(e.Key, SeedHyperparameter, StringComparison.Ordinal) || request.Hyperparameters?.GetValueOrDefault(algorithm.Name)?.ContainsKey(SeedHyperparameter) == true)
            .OrderBy(e => e.Key, StringComparer.Ordinal)
            .ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return (fit, resolved);
    }
}
