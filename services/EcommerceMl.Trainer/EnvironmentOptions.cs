using System.CommandLine;
using System.Globalization;

namespace EcommerceMl.Trainer;

/// <summary>
/// Options that fall back to their ECML_* variable when not given, which is how a Pod passes them;
/// a variable that does not parse is a parse error naming it (exit 2). Used by <see cref="MonitorCommand"/>.
/// </summary>
internal static class EnvironmentOptions
{
    public static Option<string> Required(TrainerArgument argument, string description) => new(argument.Option)
    {
        Description = $"{description} (env {argument.Variable})",
        DefaultValueFactory = result =>
        {
            var value = Environment.GetEnvironmentVariable(argument.Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                result.AddError($"Option '{argument.Option}' is required (or set {argument.Variable}).");
                return string.Empty;
            }

            return value;
        },
    };

    public static Option<string?> Optional(TrainerArgument argument, string description) => new(argument.Option)
    {
        Description = $"{description} (env {argument.Variable})",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable(argument.Variable) is { Length: > 0 } value ? value : null,
    };

    public static Option<int> Number(TrainerArgument argument, int defaultValue, string description) =>
        Parsed(argument, defaultValue, description, "a whole number", text => int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) ? v : null);

    public static Option<double> Decimal(TrainerArgument argument, double defaultValue, string description) =>
        Parsed(argument, defaultValue, description, "a number such as 0.1", text =>
            double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) && double.IsFinite(v) ? v : null);

    public static Option<bool> Boolean(TrainerArgument argument, bool defaultValue, string description) =>
        Parsed(argument, defaultValue, description, "true or false", text => bool.TryParse(text, out var v) ? v : null);

    private static Option<T> Parsed<T>(TrainerArgument argument, T defaultValue, string description, string expected, Func<string, T?> parse)
        where T : struct => new(argument.Option)
    {
        Description = $"{description} (env {argument.Variable}; default {Convert.ToString(defaultValue, CultureInfo.InvariantCulture)})",
        DefaultValueFactory = result =>
        {
            var value = Environment.GetEnvironmentVariable(argument.Variable);
            if (string.IsNullOrWhiteSpace(value))
            {
                return defaultValue;
            }

            if (parse(value.Trim()) is { } parsed)
            {
                return parsed;
            }

            result.AddError($"{argument.Variable} is '{value}'; it must be {expected}.");
            return defaultValue;
        },
    };
}
