using System.Text;

namespace EcommerceMl.Trainer;

/// <summary>
/// What one training run is asked to do. The same options come from `ecml train` arguments and,
/// in a TrainingJob's Pod, from ECML_* environment variables.
/// </summary>
public sealed record TrainerOptions
{
    public required string Task { get; init; }

    /// <summary>Null = the task's default algorithm.</summary>
    public string? Algorithm { get; init; }

    /// <summary><c>synthetic</c>, a dataset name (<c>ml-100k</c>, <c>online-retail</c>, …) or a folder of canonical CSVs.</summary>
    public required string Data { get; init; }

    /// <summary>
    /// The environment variable <see cref="Data"/> was read from (null when given as an argument).
    /// Such a value may be a Secret's, so it is never printed: messages name the variable instead.
    /// </summary>
    public string? DataVariable { get; init; }

    /// <summary>Every option, the data spec as <see cref="TrainingDataSources.Describe"/> shows it: it may hold a password or a Secret's value.</summary>
    public override string ToString()
    {
        var shown = this with { Data = TrainingDataSources.Describe(Data, DataVariable) };
        var text = new StringBuilder("TrainerOptions { ");
        if (shown.PrintMembers(text))
        {
            text.Append(' ');
        }

        return text.Append('}').ToString();
    }

    /// <summary>A folder or <c>s3://bucket/prefix</c>.</summary>
    public required string Store { get; init; }

    /// <summary>The registry key: a DNS-1123 label.</summary>
    public required string Model { get; init; }

    public IReadOnlyDictionary<string, string> Hyperparameters { get; init; } = new Dictionary<string, string>();

    public int HoldoutDays { get; init; } = 28;

    public int K { get; init; } = 10;

    public int Seed { get; init; } = 42;

    /// <summary>The quality gate the model must pass to be served as <c>latest</c>; null for none.</summary>
    public QualityGate? Gate { get; init; }

    /// <summary>Why the run started (<see cref="TrainingTriggers"/>); recorded in the manifest.</summary>
    public string Trigger { get; init; } = TrainingTriggers.Manual;

    /// <summary>The TrainingJob (namespace/name) that asked for this run; "local" on one machine.</summary>
    public string TrainingJob { get; init; } = TrainerVariables.LocalTrainingJob;

    /// <summary>The namespace of that TrainingJob, recorded in the manifest; null on one machine (the version then counts as <see cref="VersionNamespaces.Unscoped"/>).</summary>
    public string? Namespace { get; init; }
}
