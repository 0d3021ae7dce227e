using System.Globalization;
using System.Text;

namespace EcommerceMl.Cli.Retrain;

/// <summary>`ecml retrain check`'s text for one Model: a heading, what would fire (with the TrainingJob), the run, and what would not.</summary>
internal static class TriggerCheckReport
{
    public static string Render(TriggerCheckResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"Model {result.Namespace}/{result.Model}: servable {result.ServableVersion ?? "none"}")
            .Append(result.MonitoredVersion is { } monitored && monitored != result.ServableVersion ? $", monitored {monitored} (the version its ModelDeployments serve)" : "")
            .Append(result.MonitoringReport is { } at ? $", monitoring report of {Stamp(at)}" : ", no monitoring report")
            .Append('\n');
        foreach (var problem in result.Problems)
        {
            text.Append(CultureInfo.InvariantCulture, $"  invalid spec: {problem}\n");
        }

        if (result.WouldFire.Count > 0)
        {
            text.Append("\nWOULD FIRE\n");
            text.Append(Indent(TextTable.Render(
            [
                ["REASON", "PRIORITY", "TRAININGJOB", "WHY"],
                .. result.WouldFire.Select(f => (IReadOnlyList<string>)[f.Reason, f.Priority.ToString(CultureInfo.InvariantCulture), f.TrainingJob, f.Why]),
            ])));
            text.Append(result.Run is { } run
                ? $"  → would create TrainingJob {run.TrainingJob} (reason {run.Reason}, priority {run.Priority}){(result.WouldFire.Count > 1 ? "; the others are satisfied by it" : "")}\n"
                : $"  → would create nothing now: {result.Waiting}\n");
        }
        else if (result.Problems.Count == 0)
        {
            text.Append("\nNothing would fire now.\n");
        }

        if (result.AlreadyStarted.Count > 0)
        {
            text.Append("\nALREADY STARTED\n");
            text.Append(Indent(TextTable.Render(
            [
                ["REASON", "TRAININGJOB", "WHY"],
                .. result.AlreadyStarted.Select(f => (IReadOnlyList<string>)[f.Reason, f.TrainingJob, f.Why]),
            ])));
        }

        if (result.WouldNotFire.Count > 0)
        {
            text.Append("\nWOULD NOT FIRE\n");
            text.Append(Indent(TextTable.Render(
            [
                ["TRIGGER", "WHY NOT"],
                .. result.WouldNotFire.Select(q => (IReadOnlyList<string>)[q.Trigger, q.WhyNot]),
            ])));
        }

        return text.ToString();
    }

    private static string Indent(string table) =>
        string.Concat(table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => $"  {l}\n"));

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
