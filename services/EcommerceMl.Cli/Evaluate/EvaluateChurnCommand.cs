using System.CommandLine;
using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Datasets;
using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Cli.Evaluate;

/// <summary>
/// `ecml evaluate churn`: every churn model on a public dataset, 60/20/20 with seed 1 and 5-fold CV,
/// through the trainer's own labelling and featurizer. telco: its given label and every column it
/// brings. online-retail: identified customers, the behavioural 60-day label and RFM features (guest
/// checkouts, which have no history, are left out).
/// </summary>
internal static class EvaluateChurnCommand
{
    public const string Telco = "telco";
    public const string OnlineRetail = "online-retail";
    public const int ChurnDays = 60;

    public static Command Create()
    {
        var dataset = ReportCommand.DatasetOption(Telco, OnlineRetail);
        var format = ReportCommand.FormatOption();
        var seed = new Option<int>("--seed") { Description = "seed of the 60/20/20 shuffle", DefaultValueFactory = _ => ChurnEvaluator.DefaultSeed };
        var command = new Command("churn", "Evaluate every churn model (logistic, LightGBM, each also Platt- and isotonic-calibrated) on a public dataset.") { dataset, format, seed };
        ReportCommand.SetAction(command, dataset, format, (parse, name) =>
            Run(name, DatasetLocator.Locate(name == Telco ? TelcoChurnLoader.DatasetName : OnlineRetailLoader.DatasetName), parse.GetValue(seed)));
        return command;
    }

    public static MetricsReport Run(string dataset, string folder, int seed)
    {
        var data = dataset switch
        {
            Telco => TelcoChurnLoader.Load(folder).Data,
            OnlineRetail => IdentifiedCustomers(OnlineRetailLoader.Load(folder).Data),
            _ => throw new ArgumentException($"Unknown churn dataset '{dataset}'. Accepted: {Telco}, {OnlineRetail}.", nameof(dataset)),
        };
        var labelled = ChurnLabeler.ForTraining(data, ChurnDays);
        var columns = labelled.Examples.SelectMany(e => e.Features.Attributes.Keys).Distinct(StringComparer.Ordinal).Count();
        var description = $"{labelled.Description(ChurnDays)}; recency, frequency, monetary, tenure, loyalty and {columns} attribute columns of the dataset";
        return ChurnEvaluator.Evaluate(dataset, description, labelled.Examples, seed);
    }

    private static ShopData IdentifiedCustomers(ShopData shop)
    {
        static bool Guest(string id) => id.StartsWith(OnlineRetailLoader.GuestPrefix, StringComparison.Ordinal);
        var orders = shop.Orders.Where(o => !Guest(o.CustomerId)).ToList();
        var kept = orders.Select(o => o.OrderId).ToHashSet(StringComparer.Ordinal);
        return new ShopData(shop.Name, [.. shop.Customers.Where(c => !Guest(c.CustomerId))], shop.Products, orders, [.. shop.OrderItems.Where(i => kept.Contains(i.OrderId))], shop.Events);
    }
}
