using System.CommandLine;
using System.Globalization;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Postgres;
using EcommerceMl.Trainer;

namespace EcommerceMl.Cli;

/// <summary>`ecml db migrate` and `ecml db load`: the shop's PostgreSQL schema and its data.</summary>
internal static class DbCommand
{
    public static Option<string?> DbOption() => new("--db")
    {
        Description = $"postgres://user[:password]@host:port/database or an Npgsql connection string (env {PostgresConnection.EnvironmentVariable})",
    };

    public static Command Create()
    {
        var command = new Command("db", "The shop's PostgreSQL database: create the schema, load data into it.");
        command.Subcommands.Add(Migrate());
        command.Subcommands.Add(Load());
        return command;
    }

    private static Command Migrate()
    {
        var db = DbOption();
        var command = new Command("migrate", "Create or upgrade the shop and output tables; applies only what is missing, each migration in a transaction.") { db };
        command.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var console = parse.InvocationConfiguration.Output;
            var connection = PostgresConnection.Resolve(parse.GetValue(db));
            await using var dataSource = connection.OpenDataSource();
            var applied = await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: cancellationToken);
            foreach (var migration in applied)
            {
                await console.WriteLineAsync($"applied migration {migration.Id}: {migration.Name}");
            }

            await console.WriteLineAsync(applied.Count == 0
                ? $"{connection}: schema up to date"
                : $"{connection}: {applied.Count} migration(s) applied, schema up to date");
            return 0;
        }));
        return command;
    }

    private static Command Load()
    {
        var defaults = new SyntheticShopOptions();
        var db = DbOption();
        var from = new Option<string>("--from")
        {
            Description = "synthetic | a dataset name (ml-100k, online-retail, telco-churn, peyton-manning) | a folder of canonical CSVs",
            DefaultValueFactory = _ => SyntheticShop.SourceName,
        };
        var replace = new Option<bool>("--replace") { Description = "replace the rows already in the shop tables (in the same transaction)" };
        var append = new Option<bool>("--append") { Description = "add the rows to those already there by key (a day at a time; a re-run changes nothing): customers and products are updated, a stored order that differs is refused, an event already stored is skipped" };
        var customers = new Option<int>("--customers") { Description = "synthetic: number of customers", DefaultValueFactory = _ => defaults.Customers };
        var products = new Option<int>("--products") { Description = "synthetic: number of products", DefaultValueFactory = _ => defaults.Products };
        var days = new Option<int>("--days") { Description = "synthetic: days of trading", DefaultValueFactory = _ => defaults.Days };
        var seed = new Option<int>("--seed") { Description = "synthetic: random seed", DefaultValueFactory = _ => defaults.Seed };
        var noEvents = new Option<bool>("--no-events") { Description = "synthetic: leave the events table empty" };
        var command = new Command("load", "Load shop data into the database with binary COPY in one transaction: all rows or none. Rows are validated like the CSV reader does, bad rows reported with file and line.")
        {
            db, from, replace, append, customers, products, days, seed, noEvents,
        };
        command.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var console = parse.InvocationConfiguration.Output;
            if (parse.GetValue(replace) && parse.GetValue(append))
            {
                throw new ArgumentException("give --replace or --append, not both: --replace empties the tables first, --append adds to them");
            }

            var connection = PostgresConnection.Resolve(parse.GetValue(db));
            var options = new ShopDataLoadOptions
            {
                Synthetic = defaults with
                {
                    Customers = parse.GetValue(customers),
                    Products = parse.GetValue(products),
                    Days = parse.GetValue(days),
                    Seed = parse.GetValue(seed),
                    Events = !parse.GetValue(noEvents),
                },
            };
            var loaded = ShopDataSources.LoadWithReport(parse.GetValue(from), options);
            foreach (var excluded in loaded.Excluded)
            {
                await console.WriteLineAsync($"data: left out {excluded.Rows:N0} row(s): {excluded.Reason}");
            }

            await using var dataSource = connection.OpenDataSource();
            if (parse.GetValue(append))
            {
                await WriteAppendReportAsync(console, loaded.Data.Name, connection.ToString(), await PostgresShopAppender.AppendAsync(dataSource, loaded.Data, cancellationToken));
                return 0;
            }

            var report = await PostgresShopLoader.LoadAsync(dataSource, loaded.Data, parse.GetValue(replace), cancellationToken);
            var seconds = Math.Max(report.Elapsed.TotalSeconds, 1e-3);
            await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"loaded {loaded.Data.Name} into {connection}: {string.Join(", ", report.Rows.Select(r => $"{r.Key} {r.Value:N0}"))}"));
            await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"{report.TotalRows:N0} rows in {report.Elapsed.TotalSeconds:0.00} s ({report.TotalRows / seconds:N0} rows/s; order lines {report.Rows["order_items"] / seconds:N0}/s)"));
            return 0;
        }));
        return command;
    }

    private static async Task WriteAppendReportAsync(TextWriter console, string source, string connection, ShopAppendReport report)
    {
        var seconds = Math.Max(report.Elapsed.TotalSeconds, 1e-3);
        await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"appended {source} to {connection}: {string.Join("; ", report.Tables.Select(t => $"{t.Key} {t.Value.Inserted:N0} new, {t.Value.Updated:N0} updated, {t.Value.Unchanged:N0} unchanged"))}"));
        await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"{report.GivenRows:N0} rows in {report.Elapsed.TotalSeconds:0.00} s ({report.GivenRows / seconds:N0} rows/s), {report.WrittenRows:N0} written"));
    }
}
