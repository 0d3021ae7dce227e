using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Serialization;

namespace EcommerceMl.Cli;

/// <summary>`-o table|json|yaml` for the commands that print records, and JSON as YAML the way `ecml get -o yaml` prints it.</summary>
internal static class OutputFormat
{
    public const string Table = "table";
    public const string Json = "json";
    public const string Yaml = "yaml";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Option<string> Option()
    {
        var option = new Option<string>("--output", "-o") { Description = "table | json | yaml", DefaultValueFactory = _ => Table };
        option.AcceptOnlyFromAmong(Table, Json, Yaml);
        return option;
    }

    /// <summary>The document as indented JSON or as YAML, ending in a newline.</summary>
    public static string Serialize(JsonNode document, string format) =>
        format == Yaml ? ToYaml(document) : document.ToJsonString(Indented) + "\n";

    public static string ToYaml(JsonNode document) =>
        new SerializerBuilder().WithQuotingNecessaryStrings().Build().Serialize(Plain(document));

    /// <summary>JSON as plain dictionaries, lists and scalars, which YAML serialisers understand.</summary>
    private static object? Plain(JsonNode? node) => node switch
    {
        JsonObject obj => obj.ToDictionary(p => p.Key, p => Plain(p.Value)),
        JsonArray array => array.Select(Plain).ToList(),
        JsonValue value => value.GetValueKind() switch
        {
            JsonValueKind.String => value.GetValue<string>(),
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => value.TryGetValue<long>(out var whole) ? whole : value.GetValue<double>(),
            _ => null,
        },
        _ => null,
    };
}
