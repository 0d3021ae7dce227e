using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using k8s.Models;

namespace EcommerceMl.Operator.Crds;

/// <summary>
/// The structural OpenAPI checks the API server applies to a custom resource (type, required,
/// enum, pattern, lengths, ranges, property counts, unknown fields), so examples can be checked
/// against the generated CRD without a cluster, and local mode validates the
/// resources it reads from YAML files the same way. CEL rules are not evaluated here.
/// </summary>
public static class OpenApiValidator
{
    public static List<string> Validate(JsonNode? node, V1JSONSchemaProps schema, string path = "")
    {
        var errors = new List<string>();
        Check(node, schema, path, errors);
        return errors;
    }

    private static void Check(JsonNode? node, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        if (node is null)
        {
            errors.Add($"{path}: null is not allowed");
            return;
        }

        if (schema.XKubernetesIntOrString == true)
        {
            if (node.GetValueKind() is not (JsonValueKind.Number or JsonValueKind.String))
            {
                errors.Add($"{path}: must be an integer or a string");
            }
        }
        else if (!HasType(node, schema.Type))
        {
            errors.Add($"{path}: must be of type {schema.Type}, is {node.GetValueKind()}");
            return;
        }

        if (schema.EnumProperty is { } allowed && !allowed.Any(a => string.Equals(a?.ToString(), Text(node), StringComparison.Ordinal)))
        {
            errors.Add($"{path}: '{Text(node)}' is not one of {string.Join(", ", allowed)}");
        }

        if (schema.Pattern is { } pattern && node.GetValueKind() == JsonValueKind.String && !Regex.IsMatch(Text(node), pattern))
        {
            errors.Add($"{path}: '{Text(node)}' does not match {pattern}");
        }

        if (node.GetValueKind() == JsonValueKind.String)
        {
            var length = Text(node).Length;
            if (length > schema.MaxLength || length < schema.MinLength)
            {
                errors.Add($"{path}: length {length} is outside [{schema.MinLength}, {schema.MaxLength}]");
            }
        }

        if (node.GetValueKind() == JsonValueKind.Number)
        {
            var value = Number(node);
            if (value < schema.Minimum || value > schema.Maximum)
            {
                errors.Add($"{path}: {value.ToString(CultureInfo.InvariantCulture)} is outside [{schema.Minimum}, {schema.Maximum}]");
            }
        }

        switch (node)
        {
            case JsonObject obj:
                CheckObject(obj, schema, path, errors);
                break;
            case JsonArray array when schema.Items is V1JSONSchemaProps items:
                for (var i = 0; i < array.Count; i++)
                {
                    Check(array[i], items, $"{path}[{i}]", errors);
                }

                break;
        }
    }

    private static void CheckObject(JsonObject obj, V1JSONSchemaProps schema, string path, List<string> errors)
    {
        if (obj.Count > schema.MaxProperties || obj.Count < schema.MinProperties)
        {
            errors.Add($"{path}: {obj.Count} properties, expected between {schema.MinProperties} and {schema.MaxProperties}");
        }

        foreach (var required in schema.Required ?? [])
        {
            if (!obj.ContainsKey(required))
            {
                errors.Add($"{path}.{required}: required");
            }
        }

        foreach (var (name, value) in obj)
        {
            var childPath = $"{path}.{name}";
            if (schema.Properties?.TryGetValue(name, out var property) == true)
            {
                // The root's metadata is ObjectMeta, which the API server validates itself.
                if (!(path.Length == 0 && name == "metadata"))
                {
                    Check(value, property, childPath, errors);
                }
            }
            else if (schema.AdditionalProperties is V1JSONSchemaProps values)
            {
                Check(value, values, childPath, errors);
            }
            else
            {
                errors.Add($"{childPath}: unknown field (the API server would prune it)");
            }
        }
    }

    private static bool HasType(JsonNode node, string? type) => type switch
    {
        null => true,
        "object" => node is JsonObject,
        "array" => node is JsonArray,
        "string" => node.GetValueKind() == JsonValueKind.String,
        "boolean" => node.GetValueKind() is JsonValueKind.True or JsonValueKind.False,
        "integer" => node.GetValueKind() == JsonValueKind.Number && double.IsInteger(Number(node)),
        "number" => node.GetValueKind() == JsonValueKind.Number,
        _ => false,
    };

    private static double Number(JsonNode node) => double.Parse(node.ToJsonString(), CultureInfo.InvariantCulture);

    private static string Text(JsonNode node) => node.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node.ToJsonString();
}
