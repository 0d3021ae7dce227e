using System.CommandLine;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Datasets;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Search;

namespace EcommerceMl.Cli.Evaluate;

/// <summary>
/// `ecml evaluate search`: known-item search (<see cref="KnownItemQueries"/>) with bm25 on a catalogue — Online
/// Retail's real product descriptions, or the synthetic shop's names — overall and split into queries with and without
/// a typo: recall@10 and MRR@10 of the product each query was drawn from.
/// </summary>
internal static class EvaluateSearchCommand
{
    public const string OnlineRetail = "online-retail";
    public const string Synthetic = "synthetic";
    public const int K = 10;

    public static Command Create()
    {
        var dataset = ReportCommand.DatasetOption(OnlineRetail, Synthetic);
        var format = ReportCommand.FormatOption();
        var queries = new Option<int>("--queries") { Description = "known-item queries to draw (at most one per product)", DefaultValueFactory = _ => 5000 };
        var typos = new Option<double>("--typo-share") { Description = "share of queries given one typo", DefaultValueFactory = _ => SearchPipeline.TypoShare };
        var seed = new Option<int>("--seed") { Description = "seed of the product sample, the words and the typos", DefaultValueFactory = _ => 42 };
        queries.Validators.Add(result =>
        {
            if (result.GetValue(queries) < 1)
            {
                result.AddError($"--queries must be 1 or more; got {result.GetValue(queries)}.");
            }
        });
        typos.Validators.Add(result =>
        {
            if (result.GetValue(typos) is < 0 or > 1)
            {
                result.AddError($"--typo-share must be between 0 and 1; got {result.GetValue(typos)}.");
            }
        });
        var command = new Command("search", "Evaluate bm25 search by known-item queries drawn from the catalogue's own product descriptions.")
        {
            dataset, format, queries, typos, seed,
        };
        ReportCommand.SetAction(command, dataset, format, (parse, name) =>
            Run(name, Load(name), parse.GetValue(queries), parse.GetValue(typos), parse.GetValue(seed)));
        return command;
    }

    public static MetricsReport Run(string dataset, ShopData data, int queries, double typoShare, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(queries, 1);
        var documents = data.Products.Select(SearchDocument.From).ToList();
        var index = ProductIndexBuilder.Build(documents, Bm25Settings.Default);
        var drawn = KnownItemQueries.Draw(documents, queries, typoShare, seed);
        var metrics = KnownItemEvaluator.Evaluate(index.Search, drawn, K);
        var protocol = $"known-item: {drawn.Count} queries of 1-3 words of one product's own name and description "
            + $"({drawn.Count(q => q.Typo)} with one typo in a word of {TypoMatcher.MinLength}+ letters), seed {seed}, over {documents.Count} products; "
            + $"recall@{K} and MRR@{K} of that product";
        return new MetricsReport(dataset, protocol, [new AlgorithmScores(AlgorithmCatalogue.Bm25, [.. metrics])]);
    }

    private static ShopData Load(string dataset) => dataset == Synthetic
        ? SyntheticShop.Generate(new SyntheticShopOptions())
        : OnlineRetailLoader.Load(DatasetLocator.Locate(OnlineRetailLoader.DatasetName)).Data;
}
