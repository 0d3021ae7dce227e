using System.Globalization;
using System.Text;

namespace EcommerceMl.Operator.Rollout.Analysis;

/// <summary>One sample of a scrape: the series name, its labels, its value.</summary>
public sealed record MetricSample(string Name, IReadOnlyDictionary<string, string> Labels, double Value)
{
    public string Label(string name) => Labels.TryGetValue(name, out var value) ? value : "";

    /// <summary>Name and labels in one string, the series' identity across scrapes.</summary>
    public string SeriesKey => Name + "{" + string.Join(",", Labels.OrderBy(l => l.Key, StringComparer.Ordinal).Select(l => $"{l.Key}=\"{l.Value}\"")) + "}";
}

/// <summary>
/// The Prometheus text exposition format (version 0.0.4), as an inference Pod's <c>/metrics</c> answers it: one
/// sample per line (<c>name{label="value",…} value [timestamp]</c>), <c># HELP</c>/<c># TYPE</c> and other comments
/// skipped, label values with <c>\\</c>, <c>\"</c> and <c>\n</c> escapes, values in Go's float syntax
/// (<c>+Inf</c>, <c>-Inf</c>, <c>NaN</c>). Pure.
/// </summary>
public static class PrometheusText
{
    /// <summary>The samples of <paramref name="text"/> whose name <paramref name="wanted"/> accepts (all when null).</summary>
    /// <exception cref="FormatException">A line is not a sample; the message gives its number and text.</exception>
    public static IReadOnlyList<MetricSample> Parse(string text, Func<string, bool>? wanted = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var samples = new List<MetricSample>();
        var number = 0;
        foreach (var raw in text.Split('\n'))
        {
            number++;
            var line = raw.TrimEnd('\r').Trim();
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var nameEnd = 0;
            while (nameEnd < line.Length && IsNameChar(line[nameEnd], nameEnd == 0))
            {
                nameEnd++;
            }

            if (nameEnd == 0)
            {
                throw Bad(number, raw, "no metric name");
            }

            var name = line[..nameEnd];
            if (wanted is not null && !wanted(name))
            {
                continue;
            }

            var position = nameEnd;
            var labels = new Dictionary<string, string>(StringComparer.Ordinal);
            if (position < line.Length && line[position] == '{')
            {
                position = ParseLabels(line, position + 1, labels, number, raw);
            }

            var rest = line[position..].Trim().Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (rest.Length is < 1 or > 2)
            {
                throw Bad(number, raw, "expected a value and an optional timestamp after the series");
            }

            samples.Add(new MetricSample(name, labels, ParseValue(rest[0], number, raw)));
        }

        return samples;
    }

    private static int ParseLabels(string line, int position, Dictionary<string, string> labels, int number, string raw)
    {
        while (true)
        {
            while (position < line.Length && line[position] is ' ' or ',')
            {
                position++;
            }

            if (position < line.Length && line[position] == '}')
            {
                return position + 1;
            }

            var start = position;
            while (position < line.Length && IsNameChar(line[position], position == start))
            {
                position++;
            }

            if (position == start || position + 1 >= line.Length || line[position] != '=' || line[position + 1] != '"')
            {
                throw Bad(number, raw, "a label must be name=\"value\"");
            }

            var key = line[start..position];
            position += 2;
            var value = new StringBuilder();
            while (true)
            {
                if (position >= line.Length)
                {
                    throw Bad(number, raw, "a label value is not closed");
                }

                var c = line[position++];
                if (c == '"')
                {
                    break;
                }

                if (c == '\\' && position < line.Length)
                {
                    var escaped = line[position++];
                    value.Append(escaped switch { 'n' => '\n', _ => escaped });
                }
                else
                {
                    value.Append(c);
                }
            }

            labels[key] = value.ToString();
        }
    }

    private static double ParseValue(string text, int number, string raw) => text switch
    {
        "+Inf" or "Inf" => double.PositiveInfinity,
        "-Inf" => double.NegativeInfinity,
        "NaN" => double.NaN,
        _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw Bad(number, raw, $"'{text}' is not a number"),
    };

    private static bool IsNameChar(char c, bool first) =>
        c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or '_' or ':' || (!first && c is >= '0' and <= '9');

    private static FormatException Bad(int number, string line, string why) =>
        new($"line {number.ToString(CultureInfo.InvariantCulture)} of the exposition is not a sample ({why}): {(line.Length > 200 ? line[..200] + "…" : line)}");
}
