using System.CommandLine;

namespace EcommerceMl.Cli.Evaluate;

/// <summary>`ecml evaluate`: the parent of the quality harnesses, one subcommand per task.</summary>
internal static class EvaluateCommand
{
    public static Command Create() =>
        new("evaluate", "Measure model quality on a public dataset with a fixed, published protocol.")
        {
            EvaluateForecastCommand.Create(),
            EvaluateChurnCommand.Create(),
        };
}
