using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.RepresentationModel;

namespace EcommerceMl.Operator.Tests.Support;

/// <summary>YAML documents as JSON trees, typing plain scalars the way the API server's YAML decoder does (integers, booleans, null).</summary>
internal static partial class YamlJson
{
    public static List<JsonNode?> Documents(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return [.. stream.Documents.Select(d => Convert(d.RootNode))];
    }

    private static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(pair =>
            KeyValuePair.Create(((YamlScalarNode)pair.Key).Value!, Convert(pair.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => throw new NotSupportedException($"YAML node {node.NodeType} at {node.Start}"),
    };

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? "";
        if (scalar.Style is not YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(text);
        }

        if (text is "null" or "~" or "")
        {
            return null;
        }

        if (text is "true" or "false")
        {
            return JsonValue.Create(text == "true");
        }

        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        // A float of YAML's core schema (1.0, -2.5e3, .5): the API server's decoder reads a number, not a string.
        return YamlFloat().IsMatch(text) && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real)
            ? JsonValue.Create(real)
            : JsonValue.Create(text);
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$", System.Text.RegularExpressions.RegexOptions.CultureInvariant)]
    private static partial System.Text.RegularExpressions.Regex YamlFloat();
}
