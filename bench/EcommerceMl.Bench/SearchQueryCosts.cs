using System.Diagnostics;
using System.Globalization;
using EcommerceMl.Ml.Search;

namespace EcommerceMl.Bench;

/// <summary>
/// <c>search-costs &lt;model.bin&gt; &lt;queries file&gt; [limit] [repeats]</c>: what each query of a bench costs, to find the
/// tail. Every query (one a line, '+' for spaces) is searched and its hits highlighted, as <c>/v1/search</c> does, on one
/// thread, <c>repeats</c> times round-robin over the whole list (so a query's runs are spread in time, and a burst of
/// the machine's other work lands on different queries each round), pruned and then exhaustive (every match scored,
/// as before pruning); a query's cost is the median of its runs. Prints the distribution of those costs for both, the share of all work the costliest 1 % and 10 % of queries take, and the
/// costliest queries with the postings they walk (the sum of their terms' document frequencies) and their total.
/// </summary>
internal static class SearchQueryCosts
{
    public static int Run(string model, string queriesFile, int limit, int repeats)
    {
        using var file = File.OpenRead(model);
        var index = ProductIndexFile.Read(file);
        var queries = File.ReadAllLines(queriesFile).Select(q => q.Replace('+', ' ')).ToArray();

        // Cold: what a freshly started process pays, in slices of the first pass (the JIT's tiers at work).
        const int Slice = 250;
        var cold = new List<string>();
        for (var from = 0; from < Math.Min(queries.Length, 8 * Slice); from += Slice)
        {
            var before = Process.GetCurrentProcess().TotalProcessorTime;
            foreach (var q in queries.Skip(from).Take(Slice))
            {
                Once(index, q, limit, prune: true);
            }

            cold.Add(((Process.GetCurrentProcess().TotalProcessorTime - before).TotalMilliseconds / Slice).ToString("0.000", CultureInfo.InvariantCulture));
        }

        Console.WriteLine($"cold, pruned: CPU ms/query over the first passes' slices of {Slice} queries: {string.Join(" ", cold)}");

        // Warm: let the JIT reach its optimised tier before anything is timed.
        var warmUntil = Stopwatch.GetTimestamp() + Stopwatch.Frequency * 5;
        while (Stopwatch.GetTimestamp() < warmUntil)
        {
            foreach (var q in queries)
            {
                Once(index, q, limit, prune: true);
                Once(index, q, limit, prune: false);
            }
        }

        // Pruned and exhaustive (every match scored) side by side, query by query, so both see the same machine.
        var pruned = new double[queries.Length][];
        var exhaustive = new double[queries.Length][];
        for (var i = 0; i < queries.Length; i++)
        {
            pruned[i] = new double[repeats];
            exhaustive[i] = new double[repeats];
        }

        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        for (var r = 0; r < repeats; r++)
        {
            for (var i = 0; i < queries.Length; i++)
            {
                var t0 = Stopwatch.GetTimestamp();
                Once(index, queries[i], limit, prune: true);
                var t1 = Stopwatch.GetTimestamp();
                Once(index, queries[i], limit, prune: false);
                pruned[i][r] = Stopwatch.GetElapsedTime(t0, t1).TotalMilliseconds;
                exhaustive[i][r] = Stopwatch.GetElapsedTime(t1).TotalMilliseconds;
            }
        }

        var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        string F(double v) => v.ToString("0.000", CultureInfo.InvariantCulture);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{queries.Length} queries × {repeats} × (pruned, exhaustive), limit {limit}: CPU {used / (queries.Length * repeats):0.000} ms per pair, wall {wall / (queries.Length * repeats):0.000} ms per pair, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
        var costs = pruned.Select(Median).ToArray();
        foreach (var (name, runs) in new[] { ("exhaustive", exhaustive), ("pruned", pruned) })
        {
            var sorted = runs.Select(Median).Order().ToArray();
            var total = sorted.Sum();
            Console.WriteLine($"{name,-10} per-query median cost (ms): p50 {F(At(sorted, 0.5))}  p90 {F(At(sorted, 0.9))}  p99 {F(At(sorted, 0.99))}  max {F(sorted[^1])}  mean {F(total / sorted.Length)};"
                + $" share of all work: costliest 1 % {F(sorted[^(sorted.Length / 100)..].Sum() / total)}, 10 % {F(sorted[^(sorted.Length / 10)..].Sum() / total)}");
        }

        var walked = queries.Select(q => Walked(index, q, limit)).ToArray();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"correlation of cost with postings walked: {Correlation(costs, [.. walked.Select(w => (double)w.Postings)]):0.000}, with postings scored: {Correlation(costs, [.. walked.Select(w => (double)w.Scored)]):0.000}; mean postings walked {walked.Average(w => w.Postings):0}, scored {walked.Average(w => w.Scored):0}"));
        Console.WriteLine("costliest queries, pruned: ms, postings walked, postings scored, total matched, query (terms with document frequency)");
        foreach (var i in Enumerable.Range(0, queries.Length).OrderByDescending(i => costs[i]).Take(25))
        {
            Console.WriteLine($"  {F(costs[i]),7} {walked[i].Postings,7} {walked[i].Scored,7} {walked[i].Total,7}  {queries[i]}  ({walked[i].Terms})");
        }

        return 0;
    }

    private static int Once(ProductIndex index, string query, int limit, bool prune)
    {
        var result = index.Search(new SearchQuery(query, limit), prune, out _);
        var length = 0;
        foreach (var hit in result.Hits)
        {
            length += index.Highlight(hit.Document, result.Terms).Html.Length;
        }

        return length;
    }

    private static (long Postings, int Scored, int Total, string Terms) Walked(ProductIndex index, string query, int limit)
    {
        var result = index.Search(new SearchQuery(query, limit), prune: true, out var scored);
        var terms = result.Terms.Select(t => (Term: t, Df: index.DocumentFrequency(t))).ToList();
        return (terms.Sum(t => (long)t.Df), scored, result.Total, string.Join(", ", terms.Select(t => $"{t.Term} {t.Df}")));
    }

    private static double Median(double[] values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    private static double At(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)(quantile * sorted.Length))];

    private static double Correlation(double[] x, double[] y)
    {
        var mx = x.Average();
        var my = y.Average();
        var cov = x.Zip(y, (a, b) => (a - mx) * (b - my)).Sum();
        var sx = Math.Sqrt(x.Sum(a => (a - mx) * (a - mx)));
        var sy = Math.Sqrt(y.Sum(b => (b - my) * (b - my)));
        return cov / (sx * sy);
    }
}
