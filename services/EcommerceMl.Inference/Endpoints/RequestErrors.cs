using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>Collects what is wrong with a request, field by field, and turns it into one 400 problem.</summary>
internal sealed class RequestErrors
{
    // Made on the first error: a valid request, the common case, allocates no dictionary.
    private Dictionary<string, List<string>>? _errors;

    public bool Any => _errors is { Count: > 0 };

    public void Add(string field, string message)
    {
        _errors ??= new Dictionary<string, List<string>>(StringComparer.Ordinal);
        if (!_errors.TryGetValue(field, out var messages))
        {
            _errors[field] = messages = [];
        }

        messages.Add(message);
    }

    /// <summary>Adds an error unless <paramref name="value"/> lies in [min, max]; the message quotes both bounds and the value.</summary>
    public void CheckRange(string field, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            Add(field, $"{field} must be between {min} and {max}; got {value}.");
        }
    }

    public void CheckNotBlank(string field, string? value)
    {
        if (value is not null && string.IsNullOrWhiteSpace(value))
        {
            Add(field, $"{field} must not be empty when given.");
        }
    }

    /// <summary>Adds an error when <paramref name="value"/> is longer than <paramref name="max"/> characters (<c>MaxStringLength</c>).</summary>
    public void CheckLength(string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            Add(field, $"{field} holds {value.Length} characters; at most {max} (MaxStringLength) are accepted.");
        }
    }

    /// <summary>Every message, in one line.</summary>
    public string Describe() => _errors is null ? "" : string.Join(" ", _errors.Values.SelectMany(m => m));

    /// <summary>400 <c>application/problem+json</c> with every error under <c>errors</c> and all of them in <c>detail</c>.</summary>
    public ValidationProblem ToProblem() => TypedResults.ValidationProblem(
        (_errors ?? []).ToDictionary(e => e.Key, e => e.Value.ToArray(), StringComparer.Ordinal),
        detail: Describe(),
        title: "The request is invalid.");
}
