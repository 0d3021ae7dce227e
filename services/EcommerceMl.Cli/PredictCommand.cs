using System.CommandLine;
using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Postgres;
using EcommerceMl.Trainer;

namespace EcommerceMl.Cli;

/// <summary>
/// `ecml predict batch`: a stored model's predictions for analysts. Recommendation and forecast
/// models write to the database's output tables, replacing the rows of the same model version
/// atomically; a churn model reads a customers CSV and writes a predictions CSV.
/// </summary>
internal static class PredictCommand
{
    public static Command Create()
    {
        var command = new Command("predict", "Batch predictions from a stored model.");
        command.Subcommands.Add(Batch());
        return command;
    }

    private static Command Batch()
    {
        var db = DbOption();
        var store = new Option<string>("--store") { Description = $"model store: a folder or s3://bucket/prefix (env {TrainerVariables.Store})", DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TrainerVariables.Store) ?? string.Empty };
        var model = new Option<string>("--model") { Description = "model name", Required = true };
        var version = new Option<string?>("--version") { Description = "model version (default: the newest)" };
        var top = new Option<int>("--top") { Description = "recommendation: similar products per product", DefaultValueFactory = _ => 10 };
        var horizon = new Option<int>("--horizon") { Description = "forecast: days ahead", DefaultValueFactory = _ => 28 };
        var level = new Option<double>("--level") { Description = "forecast: prediction interval level", DefaultValueFactory = _ => 0.8 };
        var input = new Option<string?>("--input") { Description = "churn: customers CSV (customer_id, optionally recency_days, frequency, avg_monetary, tenure_days, loyalty_member, and the attribute columns the model reads)" };
        var output = new Option<string?>("--output") { Description = "churn: predictions CSV to write" };
        var command = new Command("batch", "Write a model's batch predictions: recommendations and forecasts into PostgreSQL (re-runs replace, never duplicate), churn CSV in → CSV out.")
        {
            db, store, model, version, top, horizon, level, input, output,
        };
        command.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var console = parse.InvocationConfiguration.Output;
            var storeSpec = parse.GetValue(store);
            if (string.IsNullOrWhiteSpace(storeSpec))
            {
                throw new ArgumentException("Option '--store' is required (or set ECML_STORE).");
            }

            var stored = await StoredModel.LoadAsync(ModelStores.Open(storeSpec), parse.GetValue(model)!, parse.GetValue(version), cancellationToken);
            var manifest = stored.Manifest;
            if (stored.Model is IChurnModel churn)
            {
                var (inputPath, outputPath) = (parse.GetValue(input), parse.GetValue(output));
                if (string.IsNullOrWhiteSpace(inputPath) || string.IsNullOrWhiteSpace(outputPath))
                {
                    throw new ArgumentException($"model '{manifest.Model}' is a churn model: give --input customers.csv and --output predictions.csv");
                }

                var result = ChurnBatchCsv.Predict(churn, inputPath, outputPath);
                await console.WriteLineAsync($"{manifest.Model} {manifest.Version}: wrote churn predictions for {result.Written:N0} customers to {outputPath}");
                if (result.Unknown.Count > 0)
                {
                    await console.WriteLineAsync(
                        $"not scored: {result.Unknown.Count:N0} customers the model never saw and the file gives no features for, e.g. {result.Unknown[0]}");
                }
                return 0;
            }

            var connection = PostgresConnection.Resolve(parse.GetValue(db));
            await using var dataSource = connection.OpenDataSource();
            var (table, written) = stored.Model switch
            {
                IRecommender recommender => ("product_recommendations", await PostgresOutputWriter.ReplaceRecommendationsAsync(
                    dataSource, manifest.Model, manifest.Version, BatchPredictions.Recommendations(recommender, parse.GetValue(top)), cancellationToken)),
                IForecaster forecaster => ("sales_forecast", await PostgresOutputWriter.ReplaceForecastAsync(
                    dataSource, manifest.Model, manifest.Version, BatchPredictions.Forecast(forecaster, parse.GetValue(horizon), parse.GetValue(level)), cancellationToken)),
                _ => throw new ArgumentException($"model '{manifest.Model}' has task '{manifest.Task}', which has no batch output"),
            };
            await console.WriteLineAsync($"{manifest.Model} {manifest.Version}: {written:N0} rows in {table} of {connection} (replacing that version's rows)");
            return 0;
        }));
        return command;
    }

    private static Option<string?> DbOption() => DbCommand.DbOption();
}
