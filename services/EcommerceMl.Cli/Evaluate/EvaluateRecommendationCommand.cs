using System.CommandLine;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Cli.Evaluate;

/// <summary>
/// `ecml evaluate recommendation`: the issue-7 harness (<see cref="RecommendationBenchmark"/>) on
/// ml-100k, online-retail or a synthetic shop, printed as a table for people or JSON for scripts.
/// </summary>
internal static class EvaluateRecommendationCommand
{
    /// <summary>Seeds are 42, 43, … so that `--seeds 3` is the reference check's 42–44.</summary>
    public const int FirstSeed = 42;

    private static readonly string[] Datasets = ["ml-100k", "online-retail", SyntheticShop.SourceName];

    public static Command Create()
    {
        var synthetic = new SyntheticShopOptions();
        var dataset = new Option<string>("--dataset") { Description = $"one of {string.Join(", ", Datasets)}", Required = true };
        dataset.AcceptOnlyFromAmong(Datasets);
        var protocol = new Option<string?>("--protocol") { Description = $"{string.Join(" | ", RecommendationProtocols.Names)}; default random-75-25 for ml-100k and synthetic, temporal for online-retail" };
        protocol.AcceptOnlyFromAmong([.. RecommendationProtocols.Names]);
        var seeds = new Option<int>("--seeds") { Description = $"number of seeds ({FirstSeed}, {FirstSeed + 1}, …); metrics are mean and sd over them", DefaultValueFactory = _ => 1 };
        var k = new Option<int>("--k") { Description = "length of each recommendation list", DefaultValueFactory = _ => 10 };
        var format = ReportCommand.FormatOption();
        var algorithms = new Option<string[]>("--algorithm")
        {
            Description = $"algorithms to run (repeat the option); default all: {string.Join(", ", RecommendationBenchmark.AlgorithmNames)}",
            AllowMultipleArgumentsPerToken = true,
        };
        var hyperparameters = new Option<string[]>("--hp") { Description = "algorithm.key=value, e.g. ease.lambda=400 (repeatable)" };
        var customers = new Option<int>("--customers") { Description = "synthetic only: customers", DefaultValueFactory = _ => synthetic.Customers };
        var products = new Option<int>("--products") { Description = "synthetic only: products", DefaultValueFactory = _ => synthetic.Products };
        var days = new Option<int>("--days") { Description = "synthetic only: days of trading", DefaultValueFactory = _ => synthetic.Days };
        var command = new Command("recommendation", "Evaluate recommendation algorithms: precision, recall, nDCG, MAP, hit rate and coverage at k, fit and recommend seconds.")
        {
            dataset, protocol, seeds, k, format, algorithms, hyperparameters, customers, products, days,
        };
        command.SetAction(async (parse, cancellation) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var errors = parse.InvocationConfiguration.Error;
            var name = parse.GetValue(dataset)!;
            var seedCount = parse.GetValue(seeds);
            if (seedCount is < 1 or > 100)
            {
                await errors.WriteLineAsync($"error: --seeds is {seedCount}; it must be between 1 and 100.");
                return 2;
            }

            try
            {
                var options = new ShopDataLoadOptions
                {
                    Synthetic = synthetic with { Customers = parse.GetValue(customers), Products = parse.GetValue(products), Days = parse.GetValue(days) },
                };
                var data = ShopDataSources.Load(name, options);
                var chosen = parse.GetValue(algorithms);
                var request = new RecommendationBenchmarkRequest(
                    data,
                    parse.GetValue(protocol) ?? (name == "online-retail" ? RecommendationProtocols.Temporal : RecommendationProtocols.Random7525),
                    [.. Enumerable.Range(FirstSeed, seedCount)],
                    parse.GetValue(k),
                    chosen is { Length: > 0 } ? chosen : RecommendationBenchmark.AlgorithmNames,
                    ParseHyperparameters(parse.GetValue(hyperparameters) ?? []))
                {
                    Log = new Progress(errors.WriteLine),
                };
                var report = RecommendationBenchmark.Run(request);
                var text = parse.GetValue(format) == ReportCommand.Json ? RecommendationReportFormat.Json(report) : RecommendationReportFormat.Table(report);
                await output.WriteLineAsync(text.AsMemory(), cancellation);
                return 0;
            }
            catch (Exception error) when (error is ArgumentException or InvalidTrainingRequestException or IOException or ShopDataValidationException)
            {
                await errors.WriteLineAsync($"error: {error.Message}");
                return 2;
            }
        });
        return command;
    }

    /// <summary>"ease.lambda=400" → ease: {lambda: 400}.</summary>
    internal static Dictionary<string, IReadOnlyDictionary<string, string>> ParseHyperparameters(IEnumerable<string> arguments)
    {
        var result = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var dot = argument.IndexOf('.', StringComparison.Ordinal);
            var equals = argument.IndexOf('=', StringComparison.Ordinal);
            if (dot <= 0 || equals < dot + 2)
            {
                throw new ArgumentException($"--hp '{argument}' must be written algorithm.key=value (e.g. ease.lambda=400).");
            }

            var algorithm = argument[..dot].Trim();
            if (!result.TryGetValue(algorithm, out var values))
            {
                result[algorithm] = values = new Dictionary<string, string>(StringComparer.Ordinal);
            }

            var key = argument[(dot + 1)..equals].Trim();
            if (!values.TryAdd(key, argument[(equals + 1)..].Trim()))
            {
                throw new ArgumentException($"--hp gives '{algorithm}.{key}' twice.");
            }
        }

        return result.ToDictionary(e => e.Key, e => (IReadOnlyDictionary<string, string>)e.Value, StringComparer.Ordinal);
    }

    /// <summary>Synchronous progress: lines appear as runs finish, not whenever a thread-pool thread gets to them.</summary>
    private sealed class Progress(Action<string> report) : IProgress<string>
    {
        public void Report(string value) => report(value);
    }
}
