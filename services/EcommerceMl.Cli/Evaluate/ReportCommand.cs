using System.CommandLine;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Cli.Evaluate;

/// <summary>
/// What the `evaluate` subcommands that print a <see cref="MetricsReport"/> share: `--dataset` from a
/// fixed list, `--format table|json`, and an action that runs the protocol and prints the report. A
/// dataset that is missing or does not validate is exit 2 with one `error:` line, not a stack trace.
/// </summary>
internal static class ReportCommand
{
    public const string Table = "table";
    public const string Json = "json";

    public static Option<string> DatasetOption(params string[] datasets)
    {
        var option = new Option<string>("--dataset") { Description = string.Join(" | ", datasets), Required = true };
        option.AcceptOnlyFromAmong(datasets);
        return option;
    }

    public static Option<string> FormatOption()
    {
        var option = new Option<string>("--format") { Description = $"{Table} | {Json}", DefaultValueFactory = _ => Table };
        option.AcceptOnlyFromAmong(Table, Json);
        return option;
    }

    /// <summary>Runs <paramref name="run"/> on the chosen dataset's name and writes its report in the chosen format.</summary>
    public static void SetAction(Command command, Option<string> dataset, Option<string> format, Func<ParseResult, string, MetricsReport> run)
    {
        ArgumentNullException.ThrowIfNull(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            MetricsReport report;
            try
            {
                report = run(parse, parse.GetValue(dataset)!);
            }
            catch (Exception error) when (error is DirectoryNotFoundException or FileNotFoundException or ShopDataValidationException)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: {error.Message}");
                return 2;
            }

            EvaluationReportWriter.Write(output, report, parse.GetValue(format)!);
            return 0;
        });
    }
}
