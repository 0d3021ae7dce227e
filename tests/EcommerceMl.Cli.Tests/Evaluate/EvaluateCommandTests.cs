using System.Text.Json;
using EcommerceMl.Cli.Evaluate;
using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Cli.Tests.Evaluate;

public class EvaluateCommandTests
{
    private static readonly MetricsReport Report = new(
        "online-retail",
        "daily units, last 28 days held out",
        [
            new AlgorithmScores("naive", [new("mase", 2.1), new("smape", 0.52)]),
            new AlgorithmScores("ets", [new("mase", 1.2), new("smape", 0.2)]),
        ]);

    [Fact]
    public void Json_HasDatasetProtocolAndOneFlatObjectPerAlgorithm()
    {
        var output = new StringWriter();

        EvaluationReportWriter.Write(output, Report, "json");

        using var json = JsonDocument.Parse(output.ToString());
        var root = json.RootElement;
        Assert.Equal(["dataset", "protocol", "results"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal("online-retail", root.GetProperty("dataset").GetString());
        var results = root.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["naive", "ets"], results.Select(r => r.GetProperty("algorithm").GetString()));
        Assert.Equal(["algorithm", "mase", "smape"], results[1].EnumerateObject().Select(p => p.Name));
        Assert.Equal(1.2, results[1].GetProperty("mase").GetDouble());
    }

    [Fact]
    public void Table_ListsEveryAlgorithmUnderTheMetricHeaders()
    {
        var output = new StringWriter();

        EvaluationReportWriter.Write(output, Report, "table");

        var lines = output.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("mase", lines[2], StringComparison.Ordinal);
        Assert.StartsWith("naive", lines[3], StringComparison.Ordinal);
        Assert.Contains("1.2000", lines[4], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WithAnUnknownDataset_ReportsTheAcceptedOnes()
    {
        var result = EvaluateCommand.Create().Parse(["forecast", "--dataset", "nope"]);

        var error = Assert.Single(result.Errors);
        Assert.Contains("peyton-manning", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ParseChurn_WithAnUnknownDataset_ReportsTheAcceptedOnes()
    {
        var result = EvaluateCommand.Create().Parse(["churn", "--dataset", "nope"]);

        var error = Assert.Single(result.Errors);
        Assert.Contains("telco", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReportCommand_PrintsTheReportInTheChosenFormat()
    {
        var (exit, output, _) = await InvokeAsync(_ => Report, "--dataset", "online-retail", "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(output);
        Assert.Equal("online-retail", json.RootElement.GetProperty("dataset").GetString());
    }

    [Fact]
    public async Task ReportCommand_WhenTheDatasetIsMissing_ExitsTwoWithOneErrorLine()
    {
        var (exit, output, error) = await InvokeAsync(_ => throw new DirectoryNotFoundException("dataset 'online-retail' not found"), "--dataset", "online-retail");

        Assert.Equal(2, exit);
        Assert.Empty(output);
        Assert.Equal("error: dataset 'online-retail' not found", error.Trim());
    }

    private static async Task<(int Exit, string Output, string Error)> InvokeAsync(Func<string, MetricsReport> run, params string[] args)
    {
        var dataset = ReportCommand.DatasetOption("online-retail", "other");
        var format = ReportCommand.FormatOption();
        var command = new System.CommandLine.RootCommand { dataset, format };
        ReportCommand.SetAction(command, dataset, format, (_, name) => run(name));
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await command.Parse(args).InvokeAsync(
            new System.CommandLine.InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }
}
