using System.CommandLine;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Trainer;

namespace EcommerceMl.Cli;

/// <summary>`ecml generate`: a seeded synthetic shop written as canonical CSVs, for demos and tests.</summary>
internal static class GenerateCommand
{
    public static Command Create()
    {
        var defaults = new SyntheticShopOptions();
        var output = new Option<string>("--out") { Description = "folder to write customers.csv, products.csv, orders.csv, order_items.csv, events.csv", Required = true };
        var customers = new Option<int>("--customers") { Description = "number of customers", DefaultValueFactory = _ => defaults.Customers };
        var products = new Option<int>("--products") { Description = "number of products", DefaultValueFactory = _ => defaults.Products };
        var categories = new Option<int>("--categories") { Description = "number of categories", DefaultValueFactory = _ => defaults.Categories };
        var days = new Option<int>("--days") { Description = "days of trading", DefaultValueFactory = _ => defaults.Days };
        var seed = new Option<int>("--seed") { Description = "random seed: the same seed gives the same shop", DefaultValueFactory = _ => defaults.Seed };
        var searchSessions = new Option<bool>("--search-sessions")
        {
            Description = "also write the shoppers' search sessions (search, product_view, add_to_cart, purchase events) as an event sink in OUT/events/ "
                + "(replacing one there), for `ecml train --task search --algorithm bm25-ltr --data OUT --events OUT`; the CSVs are the same either way",
        };
        var command = new Command("generate", "Generate a seeded synthetic shop (long-tailed popularity, co-purchase affinity, seasonality, churners) as CSV files.")
        {
            output, customers, products, categories, days, seed, searchSessions,
        };
        command.SetAction(parse => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var console = parse.InvocationConfiguration.Output;
            var options = defaults with
            {
                Customers = parse.GetValue(customers),
                Products = parse.GetValue(products),
                Categories = parse.GetValue(categories),
                Days = parse.GetValue(days),
                Seed = parse.GetValue(seed),
            };
            var data = SyntheticShop.Generate(options);
            var folder = parse.GetValue(output)!;
            ShopCsvWriter.Write(data, folder);
            await console.WriteLineAsync(
                $"wrote a synthetic shop to {folder}: {data.Customers.Count:N0} customers, {data.Products.Count:N0} products, " +
                $"{data.Orders.Count:N0} orders, {data.OrderItems.Count:N0} order lines, {data.Events.Count:N0} events");
            if (parse.GetValue(searchSessions))
            {
                var sessions = SyntheticSearchSessions.Generate(data, new SyntheticSearchOptions(options.Seed));
                var sink = EventObjectStores.Open(folder);
                await sink.DeleteFolderAsync(EventSinkLayout.Root);
                var objects = await EventSinkImport.WriteAsync(sink, sessions, SyntheticShop.SourceName);
                var received = sessions.Count == 0 ? "" : $", received {sessions[0].ReceivedAt:yyyy-MM-dd}..{sessions[^1].ReceivedAt:yyyy-MM-dd}: --events-window-days must reach back that far";
                await console.WriteLineAsync(
                    $"wrote {sessions.Count(e => e.Type == EventSchema.Search):N0} searches in {sessions.Count:N0} search-session events to " +
                    $"{Path.Combine(folder, EventSinkLayout.Root)} ({objects:N0} hourly objects{received})");
            }

            return 0;
        }));
        return command;
    }
}
