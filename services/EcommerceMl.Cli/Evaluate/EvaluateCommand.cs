using System.CommandLine;

namespace EcommerceMl.Cli.Evaluate;

/// <summary>`ecml evaluate`: the parent of the quality harnesses, one subcommand per task (one file each).</summary>
internal static class EvaluateCommand
{
    public static Command Create() =>
        new("evaluate", "Measure algorithms on a public or synthetic dataset under a fixed, published protocol.")
        {
            EvaluateRecommendationCommand.Create(),
            EvaluateForecastCommand.Create(),
            EvaluateChurnCommand.Create(),
            EvaluateSearchCommand.Create(),
        };
}
