using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// <c>kubectl get</c>'s table for custom resources, from the CRD's own printer columns: NAME, then
/// every column of priority 0 (with <c>wide</c>, every column), upper-case headers, left-aligned cells
/// three spaces apart, dates as an age (kubectl's short durations), a missing value as an empty cell.
/// Pure: the clock is a parameter.
/// </summary>
public static partial class ResourceTable
{
    public static string Render(V1CustomResourceDefinition crd, IEnumerable<JsonNode> objects, bool wide, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(crd);
        ArgumentNullException.ThrowIfNull(objects);
        var columns = crd.Spec.Versions.Single().AdditionalPrinterColumns
            .Where(c => wide || (c.Priority ?? 0) == 0)
            .ToList();
        List<string[]> rows = [["NAME", .. columns.Select(c => c.Name.ToUpperInvariant())]];
        rows.AddRange(objects.Select(o => (string[])[
            o["metadata"]?["name"]?.GetValue<string>() ?? string.Empty,
            .. columns.Select(c => Cell(o, c, now))]));
        var widths = Enumerable.Range(0, rows[0].Length).Select(i => rows.Max(r => r[i].Length)).ToArray();
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            var line = string.Join("   ", row.Select((cell, i) => i == row.Length - 1 ? cell : cell.PadRight(widths[i])));
            text.Append(line.TrimEnd()).Append('\n');
        }

        return text.ToString();
    }

    public static string Cell(JsonNode resource, V1CustomResourceColumnDefinition column, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(column);
        var value = Evaluate(resource, column.JsonPath);
        if (value is null)
        {
            return string.Empty;
        }

        var text = value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString();
        return column.Type == "date" && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date)
            ? HumanDuration(now - date)
            : text;
    }

    /// <summary>The subset of JSONPath printer columns use: <c>.a.b</c> steps and <c>[?(@.key=="value")]</c> filters on lists.</summary>
    public static JsonNode? Evaluate(JsonNode? node, string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        foreach (Match step in StepPattern().Matches(path))
        {
            if (node is null)
            {
                return null;
            }

            if (step.Groups["field"].Success)
            {
                node = node is JsonObject obj ? obj[step.Groups["field"].Value] : null;
            }
            else
            {
                var key = step.Groups["key"].Value;
                var wanted = step.Groups["value"].Value;
                node = node is JsonArray array
                    ? array.FirstOrDefault(item => item?[key] is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>() == wanted)
                    : null;
            }
        }

        return node;
    }

    /// <summary>kubectl's age format (k8s.io/apimachinery duration.HumanDuration): 45s, 3m20s, 15m, 2h5m, 10h, 3d4h, 30d, 2y100d.</summary>
    public static string HumanDuration(TimeSpan age)
    {
        var seconds = (long)age.TotalSeconds;
        if (seconds < -1)
        {
            return "<invalid>";
        }

        if (seconds < 0)
        {
            return "0s";
        }

        if (seconds < 120)
        {
            return $"{seconds}s";
        }

        var minutes = seconds / 60;
        if (minutes < 10)
        {
            return seconds % 60 == 0 ? $"{minutes}m" : $"{minutes}m{seconds % 60}s";
        }

        if (minutes < 180)
        {
            return $"{minutes}m";
        }

        var hours = minutes / 60;
        if (hours < 8)
        {
            return minutes % 60 == 0 ? $"{hours}h" : $"{hours}h{minutes % 60}m";
        }

        if (hours < 48)
        {
            return $"{hours}h";
        }

        if (hours < 24 * 8)
        {
            return hours % 24 == 0 ? $"{hours / 24}d" : $"{hours / 24}d{hours % 24}h";
        }

        if (hours < 24 * 365 * 2)
        {
            return $"{hours / 24}d";
        }

        if (hours < 24 * 365 * 8)
        {
            var days = hours / 24 % 365;
            return days == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{days}d";
        }

        return $"{hours / 24 / 365}y";
    }

    [GeneratedRegex("""\.(?<field>[A-Za-z0-9_-]+)|\[\?\(@\.(?<key>[A-Za-z0-9_-]+)=="(?<value>[^"]*)"\)\]""")]
    private static partial Regex StepPattern();
}
