using System.Globalization;

namespace EcommerceMl.Ml.Training;

/// <summary>
/// Validated access to an algorithm's string hyperparameters: unknown keys and out-of-range or
/// unparsable values are an <see cref="InvalidTrainingRequestException"/> that names the key.
/// <see cref="Resolved"/> records every value used, defaults included, for the manifest.
/// </summary>
public sealed class Hyperparameters
{
    private readonly IReadOnlyDictionary<string, string> _given;
    private readonly string _algorithm;
    private readonly Dictionary<string, string> _resolved = new(StringComparer.Ordinal);

    public Hyperparameters(string algorithm, IReadOnlyDictionary<string, string> given, IReadOnlyCollection<string> known)
    {
        ArgumentNullException.ThrowIfNull(given);
        ArgumentNullException.ThrowIfNull(known);
        _algorithm = algorithm;
        _given = given;
        var unknown = given.Keys.Where(k => !known.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            var accepted = known.Count == 0 ? "none" : string.Join(", ", known.Order(StringComparer.Ordinal));
            throw new InvalidTrainingRequestException(
                $"Unknown hyperparameter(s) for algorithm '{algorithm}': {string.Join(", ", unknown)}. Accepted: {accepted}.");
        }
    }

    public IReadOnlyDictionary<string, string> Resolved => _resolved;

    public int GetInt(string key, int defaultValue, int min, int max)
    {
        var value = defaultValue;
        if (_given.TryGetValue(key, out var text)
            && !int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            throw Invalid(key, text, "a whole number");
        }

        if (value < min || value > max)
        {
            throw Invalid(key, value.ToString(CultureInfo.InvariantCulture), $"between {min} and {max}");
        }

        _resolved[key] = value.ToString(CultureInfo.InvariantCulture);
        return value;
    }

    public double GetDouble(string key, double defaultValue, double min, double max)
    {
        var value = defaultValue;
        if (_given.TryGetValue(key, out var text)
            && !double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value))
        {
            throw Invalid(key, text, "a number");
        }

        if (!double.IsFinite(value) || value < min || value > max)
        {
            throw Invalid(key, value.ToString(CultureInfo.InvariantCulture), $"between {min} and {max}");
        }

        _resolved[key] = value.ToString("R", CultureInfo.InvariantCulture);
        return value;
    }

    /// <summary>One of <paramref name="accepted"/> (exact, case-sensitive), or the default.</summary>
    public string GetChoice(string key, string defaultValue, IReadOnlyCollection<string> accepted)
    {
        ArgumentNullException.ThrowIfNull(accepted);
        var value = _given.TryGetValue(key, out var text) ? text : defaultValue;
        if (!accepted.Contains(value, StringComparer.Ordinal))
        {
            throw Invalid(key, value, $"one of {string.Join(", ", accepted)}");
        }

        _resolved[key] = value;
        return value;
    }

    private InvalidTrainingRequestException Invalid(string key, string text, string expected) =>
        new($"Hyperparameter '{key}' of algorithm '{_algorithm}' is '{text}'; it must be {expected}.");
}
