using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer;

/// <summary>The <c>--trigger</c> option: one of <see cref="TrainingTriggers.All"/>, <c>Manual</c> when not given.</summary>
public static class Triggers
{
    public static string Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return TrainingTriggers.Manual;
        }

        return TrainingTriggers.All.FirstOrDefault(t => string.Equals(t, value.Trim(), StringComparison.Ordinal))
            ?? throw new InvalidTrainingRequestException(
                $"{TrainerArguments.Trigger.Option} ({TrainerArguments.Trigger.Variable}) is '{value}'; it must be one of {string.Join(", ", TrainingTriggers.All)}.");
    }
}
