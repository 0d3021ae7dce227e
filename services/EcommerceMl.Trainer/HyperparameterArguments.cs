using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer;

/// <summary>Parses <c>key=value</c> arguments into the hyperparameter map a TrainingJob spec carries.</summary>
public static class HyperparameterArguments
{
    public static IReadOnlyDictionary<string, string> Parse(IEnumerable<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var argument in arguments)
        {
            var separator = argument.IndexOf('=', StringComparison.Ordinal);
            if (separator <= 0)
            {
                throw new InvalidTrainingRequestException($"Hyperparameter '{argument}' must be written key=value.");
            }

            var key = argument[..separator].Trim();
            if (!result.TryAdd(key, argument[(separator + 1)..].Trim()))
            {
                throw new InvalidTrainingRequestException($"Hyperparameter '{key}' is given twice.");
            }
        }

        return result;
    }
}
