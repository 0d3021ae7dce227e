using System.CommandLine;

namespace EcommerceMl.Cli.Evaluate;

/// <summary>`ecml evaluate`: the parent of the per-task evaluation harnesses (one file per subcommand).</summary>
internal static class EvaluateCommand
{
    public static Command Create()
    {
        var command = new Command("evaluate", "Measure algorithms on a public or synthetic dataset under a fixed protocol, over several seeds.");
        command.Subcommands.Add(EvaluateRecommendationCommand.Create());
        return command;
    }
}
