using System.CommandLine;
using EcommerceMl.Ml.Churn;
using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Cli;

/// <summary>
/// `ecml predict batch`: a stored model's predictions for analysts. Recommendation and forecast models
/// write to the database's output tables (the trainer image's <c>batch</c>, <see cref="BatchCommand"/>,
/// with every option and its variable): the whole version, or one shard of it; a churn model reads a
/// customers CSV and writes a predictions CSV.
/// </summary>
internal static class PredictCommand
{
    public static Command Create(TimeProvider time)
    {
        var command = new Command("predict", "Batch predictions from a stored model.");
        command.Subcommands.Add(Batch(time));
        return command;
    }

    private static Command Batch(TimeProvider time)
    {
        var input = new Option<string?>("--input") { Description = "churn: customers CSV (customer_id, optionally recency_days, frequency, avg_monetary, tenure_days, loyalty_member, and the attribute columns the model reads)" };
        var output = new Option<string?>("--output") { Description = "churn: predictions CSV to write" };
        var command = new Command("batch", BatchCommand.Description + " Churn: CSV in, CSV out.") { input, output };
        BatchCommand.Configure(command, time, async (parse, stored, _) =>
        {
            var manifest = stored.Manifest;
            if (stored.Model is not IChurnModel churn)
            {
                throw new ArgumentException($"model '{manifest.Model}' has task '{manifest.Task}', which has no batch output");
            }

            var (inputPath, outputPath) = (parse.GetValue(input), parse.GetValue(output));
            if (string.IsNullOrWhiteSpace(inputPath) || string.IsNullOrWhiteSpace(outputPath))
            {
                throw new ArgumentException($"model '{manifest.Model}' is a churn model: give --input customers.csv and --output predictions.csv");
            }

            var console = parse.InvocationConfiguration.Output;
            var result = ChurnBatchCsv.Predict(churn, inputPath, outputPath);
            await console.WriteLineAsync($"{manifest.Model} {manifest.Version}: wrote churn predictions for {result.Written:N0} customers to {outputPath}");
            if (result.Unknown.Count > 0)
            {
                await console.WriteLineAsync(
                    $"not scored: {result.Unknown.Count:N0} customers the model never saw and the file gives no features for, e.g. {result.Unknown[0]}");
            }

            return 0;
        });
        return command;
    }
}
