using System.CommandLine;
using System.Globalization;
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
    /// <summary>The default forecast start is today in <c>--time-zone</c>, and as many days may lie between the data's end and it.</summary>
    public const int DefaultMaxGapDays = 90;

    public static Command Create(TimeProvider time)
    {
        var command = new Command("predict", "Batch predictions from a stored model.");
        command.Subcommands.Add(Batch(time));
        return command;
    }

    private static Command Batch(TimeProvider time)
    {
        var db = DbOption();
        var store = new Option<string>("--store") { Description = $"model store: a folder or s3://bucket/prefix (env {TrainerVariables.Store})", DefaultValueFactory = _ => Environment.GetEnvironmentVariable(TrainerVariables.Store) ?? string.Empty };
        var model = new Option<string>("--model") { Description = "model name", Required = true };
        var version = new Option<string?>("--version") { Description = "model version (default: the newest)" };
        var top = new Option<int>("--top") { Description = "recommendation: similar products per product", DefaultValueFactory = _ => 10 };
        var horizon = new Option<int>("--horizon") { Description = "forecast: days ahead", DefaultValueFactory = _ => 28 };
        var level = new Option<double>("--level") { Description = "forecast: prediction interval level", DefaultValueFactory = _ => 0.8 };
        var start = new Option<string?>("--start") { Description = "forecast: first day, yyyy-MM-dd (default: today in --time-zone); the days since the data ended are forecast through" };
        var timeZone = new Option<string>("--time-zone") { Description = "forecast: the shop's time zone (IANA id) that says which day today is", DefaultValueFactory = _ => "UTC" };
        var maxGap = new Option<int>("--max-gap-days") { Description = "forecast: most days between the data's end and the start that are forecast through; an older model is refused", DefaultValueFactory = _ => DefaultMaxGapDays };
        var input = new Option<string?>("--input") { Description = "churn: customers CSV (customer_id, optionally recency_days, frequency, avg_monetary, tenure_days, loyalty_member, and the attribute columns the model reads)" };
        var output = new Option<string?>("--output") { Description = "churn: predictions CSV to write" };
        var command = new Command("batch", "Write a model's batch predictions: recommendations and forecasts into PostgreSQL (re-runs replace, never duplicate), churn CSV in → CSV out.")
        {
            db, store, model, version, top, horizon, level, start, timeZone, maxGap, input, output,
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
            var window = stored.Model is IForecaster dated
                ? ForecastWindowOf(dated, parse.GetValue(start), parse.GetValue(timeZone)!, parse.GetValue(maxGap), parse.GetValue(horizon), time)
                : default;
            await using var dataSource = connection.OpenDataSource();
            var (table, written) = stored.Model switch
            {
                IRecommender recommender => ("product_recommendations", await PostgresOutputWriter.ReplaceRecommendationsAsync(
                    dataSource, manifest.Model, manifest.Version, BatchPredictions.Recommendations(recommender, parse.GetValue(top)), cancellationToken)),
                IForecaster forecaster => ("sales_forecast", await PostgresOutputWriter.ReplaceForecastAsync(
                    dataSource, manifest.Model, manifest.Version, BatchPredictions.Forecast(forecaster, window, parse.GetValue(level)), cancellationToken)),
                _ => throw new ArgumentException($"model '{manifest.Model}' has task '{manifest.Task}', which has no batch output"),
            };
            await console.WriteLineAsync($"{manifest.Model} {manifest.Version}: {written:N0} rows in {table} of {connection} (replacing that version's rows)");
            if (stored.Model is IForecaster)
            {
                await console.WriteLineAsync($"forecast {window.Start:yyyy-MM-dd} to {window.End:yyyy-MM-dd}; the model's data ends {window.DataEnd:yyyy-MM-dd} ({window.GapDays} days forecast through before the start)");
            }
            return 0;
        }));
        return command;
    }

    /// <summary>The days to write, as the inference server picks them (<see cref="ForecastWindow.Resolve"/>); a bad start or a model too old is input to fix (exit 2).</summary>
    private static ForecastWindow ForecastWindowOf(IForecaster forecaster, string? start, string timeZone, int maxGapDays, int horizon, TimeProvider time)
    {
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out var zone))
        {
            throw new ArgumentException($"--time-zone '{timeZone}' is not a time zone this system knows; give an IANA id such as UTC or Europe/London");
        }

        DateOnly? first = null;
        if (start is not null)
        {
            first = DateOnly.TryParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
                ? day
                : throw new ArgumentException($"--start must be a date as yyyy-MM-dd, not '{start}'");
        }

        if (maxGapDays < 0 || horizon < 1)
        {
            throw new ArgumentException(horizon < 1 ? $"--horizon must be at least 1, not {horizon}" : $"--max-gap-days must be 0 or more, not {maxGapDays}");
        }

        var resolved = ForecastWindow.Resolve(forecaster.LastObservedDate, ForecastWindow.Today(time.GetUtcNow(), zone), first, horizon, maxGapDays);
        return resolved.Window ?? throw new ArgumentException(
            resolved.Problem == ForecastWindowProblem.ModelTooOld ? $"{resolved.Error} (--start, --max-gap-days)" : $"--{resolved.Error}");
    }

    private static Option<string?> DbOption() => DbCommand.DbOption();
}
