using System.Diagnostics;
using System.Globalization;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Training;
using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Bench;

/// <summary>
/// The scale benchmark (issue 19): synthetic shops of each (products, interactions) size
/// (<see cref="ScaleShop"/>), and per algorithm at its default hyperparameters: fit time, peak
/// memory, recommend-all time and model size. Each (size, algorithm) runs in its own child process
/// (<see cref="One"/>), so its peak resident set (VmHWM) is its own and one algorithm's garbage never
/// counts against the next; the parent notes the load average before and after each child.
/// </summary>
internal static class ScaleRun
{
    public static readonly string[] Algorithms = ["popularity", "item-cosine", "als", "ease", "two-stage"];

    // Recommending for a million customers with a dense model is minutes of work; past this budget the
    // rest is extrapolated from the customers done (a seeded random order, so they are a fair sample).
    private static readonly TimeSpan RecommendBudget = TimeSpan.FromSeconds(60);

    public const string Header =
        "products\tinteractions\tcustomers\talgorithm\tfit_s\tfit_cpu_s\trecommend_all_s\trecommend_all_cpu_s\tmodel_mb\tpeak_mb_data\tpeak_mb\tload_before\tload_after\tnote";

    /// <summary>Every size, smallest interactions first (the largest last), and every algorithm of <paramref name="algorithms"/> at each.</summary>
    public static int Grid(IReadOnlyList<int> products, IReadOnlyList<int> interactions, IReadOnlyList<string> algorithms, string dataDirectory)
    {
        Console.WriteLine(Header);
        foreach (var size in interactions.Order())
        {
            foreach (var catalogue in products.Order())
            {
                var load = LoadAverage();
                var watch = Stopwatch.StartNew();
                var path = ScaleShop.Ensure(dataDirectory, catalogue, size);
                Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"# data {path}: ready in {watch.Elapsed.TotalSeconds:F0} s (load {load})"));
                foreach (var algorithm in algorithms)
                {
                    var before = LoadAverage();
                    var line = Child(algorithm, path);
                    Console.WriteLine(Insert(line, before, LoadAverage()));
                }
            }
        }

        return 0;
    }

    /// <summary>One run in this process: prints one line of <see cref="Header"/> without the loads (the parent adds them).</summary>
    public static int One(string algorithm, string path, IReadOnlyDictionary<string, string> hyperparameters)
    {
        var known = RecommendationPipeline.FindAlgorithm(algorithm) ?? throw new ArgumentException($"unknown algorithm {algorithm}");
        var data = InteractionFile.Read(path);
        var peakData = PeakMegabytes();
        var fit = known.Configure(new Hyperparameters(algorithm, hyperparameters, known.HyperparameterNames));
        string fitSeconds, fitCpu = "-", recommendSeconds = "-", recommendCpu = "-", modelMb = "-", note = "";
        try
        {
            using var process = Process.GetCurrentProcess();
            var cpu = process.TotalProcessorTime;
            var watch = Stopwatch.StartNew();
            var model = fit(data, null);
            fitSeconds = Seconds(watch.Elapsed);
            process.Refresh();
            fitCpu = Seconds(process.TotalProcessorTime - cpu);
            modelMb = (ModelBytes(model) / 1048576.0).ToString("F1", CultureInfo.InvariantCulture);
            process.Refresh();
            cpu = process.TotalProcessorTime;
            var (elapsed, done) = RecommendAll(model);
            process.Refresh();
            var share = data.CustomerCount / (double)done;
            var (wallAll, cpuAll) = (Seconds(elapsed * share), Seconds((process.TotalProcessorTime - cpu) * share));
            (recommendSeconds, recommendCpu) = done == data.CustomerCount ? (wallAll, cpuAll) : ("~" + wallAll, "~" + cpuAll);
            if (done < data.CustomerCount)
            {
                note = string.Create(CultureInfo.InvariantCulture, $"recommend-all extrapolated from {done:N0} customers in {elapsed.TotalSeconds:F0} s");
            }

            if (model is EaseRecommender { CoversCatalogue: false } ease)
            {
                note = string.Join("; ", new[] { note, $"EASE on the {ease.ModelledCount:N0} most-bought products" }.Where(n => n.Length > 0));
            }
        }
        catch (InvalidTrainingRequestException refused)
        {
            fitSeconds = "refused";
            note = refused.Message;
        }

        Console.WriteLine(string.Join('\t',
            data.ProductCount, data.CustomerItems.Length, data.CustomerCount, algorithm, fitSeconds, fitCpu, recommendSeconds, recommendCpu, modelMb,
            peakData.ToString("F0", CultureInfo.InvariantCulture), PeakMegabytes().ToString("F0", CultureInfo.InvariantCulture), note));
        return 0;
    }

    /// <summary>
    /// Top-10 for every known customer, in parallel, in a seeded random order, until the budget is spent —
    /// as `ecml predict batch` scores them: <see cref="CatalogRecommender.RecommendMany"/> on chunks of
    /// <see cref="BatchPredictions.CustomersPerCall"/> (ALS scores a block of customers as one matrix product).
    /// </summary>
    private static (TimeSpan Elapsed, int Done) RecommendAll(CatalogRecommender model)
    {
        var customers = model.Catalog.Customers.ToArray();
        new Random(42).Shuffle(customers);
        const int chunk = BatchPredictions.CustomersPerCall;
        var done = 0;
        var watch = Stopwatch.StartNew();
        Parallel.For(0, (customers.Length + chunk - 1) / chunk, (c, state) =>
        {
            if (watch.Elapsed > RecommendBudget)
            {
                state.Stop();
                return;
            }

            var ids = new ArraySegment<string>(customers, c * chunk, Math.Min(chunk, customers.Length - (c * chunk)));
            _ = model.RecommendMany(ids, 10);
            Interlocked.Add(ref done, ids.Count);
        });
        return (watch.Elapsed, done);
    }

    /// <summary>The model's file size, written as the store would write it (to a temporary file deleted on close).</summary>
    private static long ModelBytes(CatalogRecommender model)
    {
        using var file = new FileStream(Path.GetTempFileName(), FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 16, FileOptions.DeleteOnClose);
        model.Save(file);
        return file.Length;
    }

    private static string Child(string algorithm, string path)
    {
        var self = Environment.ProcessPath!;
        var start = new ProcessStartInfo(self) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(self) == "dotnet")
        {
            start.ArgumentList.Add(typeof(ScaleRun).Assembly.Location);
        }

        start.ArgumentList.Add("scale-one");
        start.ArgumentList.Add(algorithm);
        start.ArgumentList.Add(path);
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEnd().TrimEnd('\n', '\r');
        child.WaitForExit();
        return child.ExitCode == 0 && output.Length > 0
            ? output
            : string.Join('\t', "?", "?", "?", algorithm, "failed", "-", "-", "-", "-", "-", "-", $"exit code {child.ExitCode}");
    }

    /// <summary>Puts the two load averages before the note (the child's last column).</summary>
    private static string Insert(string line, string before, string after)
    {
        var cells = line.Split('\t').ToList();
        cells.Insert(cells.Count - 1, before);
        cells.Insert(cells.Count - 1, after);
        return string.Join('\t', cells);
    }

    /// <summary>The 1-minute load average (of the 2 cores, shared), from /proc/loadavg.</summary>
    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "?";

    /// <summary>This process's peak resident set (VmHWM), in MiB.</summary>
    private static double PeakMegabytes()
    {
        foreach (var line in File.ReadLines("/proc/self/status"))
        {
            if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1024.0;
            }
        }

        return double.NaN;
    }

    private static string Seconds(TimeSpan elapsed) => elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture);
}
