using System.CommandLine;
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
        var command = new Command("generate", "Generate a seeded synthetic shop (long-tailed popularity, co-purchase affinity, seasonality, churners) as CSV files.")
        {
            output, customers, products, categories, days, seed,
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
            return 0;
        }));
        return command;
    }
}
