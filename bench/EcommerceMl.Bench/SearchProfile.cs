using System.Diagnostics;
using System.Globalization;
using EcommerceMl.Ml.Search;

namespace EcommerceMl.Bench;

/// <summary>
/// <c>search-profile &lt;model.bin&gt; &lt;queries file&gt; [limit]</c>: what one <c>/v1/search</c> costs in process, without
/// HTTP: each query (one a line, '+' for spaces) searched with the limit and every hit highlighted, as the endpoint
/// does; CPU per query on one thread, then on as many threads as cores.
/// </summary>
internal static class SearchProfile
{
    public static int Run(string model, string queriesFile, int limit)
    {
        using var file = File.OpenRead(model);
        var index = ProductIndexFile.Read(file);
        var queries = File.ReadAllLines(queriesFile).Select(q => q.Replace('+', ' ')).ToArray();
        for (var round = 0; round < 3; round++)
        {
            Measure("1 thread", queries, q => Once(index, q, limit), parallel: false);
            Measure($"{Environment.ProcessorCount} threads", queries, q => Once(index, q, limit), parallel: true);
            Measure("1 thread, no highlight", queries, q => index.Search(new SearchQuery(q, limit)).Hits.Count, parallel: false);
        }

        return 0;
    }

    private static int Once(ProductIndex index, string query, int limit)
    {
        var result = index.Search(new SearchQuery(query, limit));
        var length = 0;
        foreach (var hit in result.Hits)
        {
            length += index.Highlight(hit.Document, result.Terms).Html.Length;
        }

        return length;
    }

    private static void Measure(string what, string[] queries, Func<string, int> run, bool parallel)
    {
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var started = Stopwatch.GetTimestamp();
        if (parallel)
        {
            Parallel.ForEach(queries, q => run(q));
        }
        else
        {
            foreach (var q in queries)
            {
                run(q);
            }
        }

        var wall = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        var used = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{what}: {queries.Length} queries, CPU {used / queries.Length:0.000} ms/query, wall {wall / queries.Length:0.000} ms/query, load {File.ReadAllText("/proc/loadavg").Split(' ')[0]}"));
    }
}
