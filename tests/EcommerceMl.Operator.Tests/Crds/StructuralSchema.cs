using System.Text.Json;
using System.Text.Json.Nodes;

namespace EcommerceMl.Operator.Tests.Crds;

/// <summary>
/// The rules the API server enforces on an apiextensions.k8s.io/v1 CustomResourceDefinition's
/// schemas before it accepts the CRD (Kubernetes docs, "Specifying a structural schema", and the
/// apiextensions validation): a structural schema, none of the OpenAPI features v1 forbids, valid
/// x-kubernetes-* extensions, CEL rules that name only what they may, and the CRD's own naming and
/// version rules. Each violation is a line naming where it is, as the API server would.
/// </summary>
internal static class StructuralSchema
{
    private static readonly string[] Junctors = ["allOf", "anyOf", "oneOf", "not"];
    private static readonly string[] ForbiddenInJunctors = ["description", "type", "default", "additionalProperties", "nullable"];
    private static readonly string[] ForbiddenKeywords = ["$ref", "$schema", "definitions", "dependencies", "id", "patternProperties", "additionalItems"];
    private static readonly string[] ScalarTypes = ["string", "integer", "number", "boolean"];
    private static readonly string[] RuleReasons = ["FieldValueInvalid", "FieldValueForbidden", "FieldValueRequired", "FieldValueDuplicate"];

    public static List<string> Violations(JsonObject crd)
    {
        var errors = new List<string>();
        var spec = crd["spec"]?.AsObject();
        if (spec is null)
        {
            return ["spec: Required value"];
        }

        var plural = (string?)spec["names"]?["plural"];
        var group = (string?)spec["group"];
        if ((string?)crd["metadata"]?["name"] != $"{plural}.{group}")
        {
            errors.Add($"metadata.name: Invalid value: must be spec.names.plural+\".\"+spec.group ({plural}.{group})");
        }

        var versions = spec["versions"]?.AsArray() ?? [];
        if (versions.Count(v => (bool?)v?["storage"] == true) != 1)
        {
            errors.Add("spec.versions: Invalid value: must have exactly one version marked as storage version");
        }

        foreach (var version in versions)
        {
            var path = $"spec.versions[{version?["name"]}].schema.openAPIV3Schema";
            if (version?["schema"]?["openAPIV3Schema"] is not JsonObject root)
            {
                errors.Add($"{path}: Required value: schemas are required");
                continue;
            }

            if ((string?)root["type"] != "object")
            {
                errors.Add($"{path}.type: Required value: must be object at the root");
            }

            CheckMetadata(root, path, errors);
            Check(root, path, errors, correlatable: true);
        }

        return errors;
    }

    private static void Check(JsonObject schema, string path, List<string> errors, bool correlatable)
    {
        var intOrString = (bool?)schema["x-kubernetes-int-or-string"] == true;
        var preserveUnknown = (bool?)schema["x-kubernetes-preserve-unknown-fields"] == true;
        var type = (string?)schema["type"];
        if (string.IsNullOrEmpty(type) && !intOrString && !preserveUnknown)
        {
            errors.Add($"{path}.type: Required value: must not be empty for specified object fields");
        }

        foreach (var keyword in ForbiddenKeywords.Where(schema.ContainsKey))
        {
            errors.Add($"{path}.{keyword}: Forbidden: {keyword} is not supported");
        }

        if ((bool?)schema["uniqueItems"] == true)
        {
            errors.Add($"{path}.uniqueItems: Forbidden: uniqueItems cannot be set to true since the runtime complexity becomes quadratic");
        }

        if (schema["additionalProperties"] is JsonValue additional && additional.GetValueKind() == JsonValueKind.False)
        {
            errors.Add($"{path}.additionalProperties: Forbidden: additionalProperties cannot be set to false");
        }

        if (schema["properties"] is JsonObject { Count: > 0 } && schema["additionalProperties"] is not null)
        {
            errors.Add($"{path}.additionalProperties: Forbidden: additionalProperties and properties are mutual exclusive");
        }

        if (schema["items"] is JsonArray)
        {
            errors.Add($"{path}.items: Forbidden: items must be a schema object and not an array");
        }

        if (type == "array" && schema["items"] is null)
        {
            errors.Add($"{path}.items: Required value: must be specified");
        }

        foreach (var flag in new[] { "x-kubernetes-int-or-string", "x-kubernetes-preserve-unknown-fields" })
        {
            if (schema[flag] is JsonValue value && value.GetValueKind() == JsonValueKind.False)
            {
                errors.Add($"{path}.{flag}: Invalid value: false: must be true or undefined");
            }
        }

        if (intOrString && !string.IsNullOrEmpty(type))
        {
            errors.Add($"{path}.type: Invalid value: \"{type}\": must be empty if x-kubernetes-int-or-string is true");
        }

        CheckJunctors(schema, path, errors);
        CheckListAndMapTypes(schema, type, path, errors);
        CheckDefault(schema, type, path, errors);
        CheckRules(schema, path, errors, correlatable);

        foreach (var (name, child) in (schema["properties"] as JsonObject) ?? [])
        {
            if (child is JsonObject property)
            {
                Check(property, $"{path}.properties[{name}]", errors, correlatable);
            }
        }

        if (schema["additionalProperties"] is JsonObject values)
        {
            Check(values, $"{path}.additionalProperties", errors, correlatable);
        }

        if (schema["items"] is JsonObject items)
        {
            // Items of a list are matched with their old selves only in a map list (by key); in any
            // other list a transition rule (oldSelf) has nothing to compare with.
            Check(items, $"{path}.items", errors, correlatable && (string?)schema["x-kubernetes-list-type"] == "map");
        }
    }

    /// <summary>Rule 2 and 3 of a structural schema: junctors only restrict what the schema itself specifies.</summary>
    private static void CheckJunctors(JsonObject schema, string path, List<string> errors)
    {
        foreach (var junctor in Junctors)
        {
            var branches = schema[junctor] switch
            {
                JsonArray array => array.OfType<JsonObject>().ToList(),
                JsonObject single => [single],
                _ => [],
            };
            foreach (var (branch, index) in branches.Select((b, i) => (b, i)))
            {
                var at = $"{path}.{junctor}[{index}]";
                var intOrStringPattern = (bool?)schema["x-kubernetes-int-or-string"] == true && branch.Count == 1 && branch["type"] is not null;
                foreach (var keyword in ForbiddenInJunctors.Where(k => branch.ContainsKey(k) && !(intOrStringPattern && k == "type")))
                {
                    errors.Add($"{at}.{keyword}: Forbidden: must not be used inside {junctor}");
                }

                foreach (var (name, _) in (branch["properties"] as JsonObject) ?? [])
                {
                    if (schema["properties"]?[name] is null)
                    {
                        errors.Add($"{at}.properties[{name}]: Required value: must be specified outside of {junctor} too");
                    }
                }

                if (branch["items"] is not null && schema["items"] is null)
                {
                    errors.Add($"{at}.items: Required value: must be specified outside of {junctor} too");
                }
            }
        }
    }

    private static void CheckListAndMapTypes(JsonObject schema, string? type, string path, List<string> errors)
    {
        var listType = (string?)schema["x-kubernetes-list-type"];
        if (listType is not null)
        {
            if (type != "array")
            {
                errors.Add($"{path}.x-kubernetes-list-type: Invalid value: must only be used if type is array");
            }

            var items = schema["items"] as JsonObject;
            switch (listType)
            {
                case "atomic":
                    break;
                case "set" when items is not null && !ScalarTypes.Contains((string?)items["type"]) && (string?)items["x-kubernetes-map-type"] != "atomic":
                    errors.Add($"{path}.items.type: Invalid value: must be a scalar type (or atomic) if x-kubernetes-list-type is set");
                    break;
                case "set":
                    break;
                case "map":
                    var keys = schema["x-kubernetes-list-map-keys"]?.AsArray().Select(k => (string?)k).ToList() ?? [];
                    if (keys.Count == 0)
                    {
                        errors.Add($"{path}.x-kubernetes-list-map-keys: Required value: must not be empty if x-kubernetes-list-type is map");
                    }

                    if ((string?)items?["type"] != "object")
                    {
                        errors.Add($"{path}.items.type: Invalid value: must be object if x-kubernetes-list-type is map");
                    }

                    var required = items?["required"]?.AsArray().Select(r => (string?)r).ToHashSet() ?? [];
                    foreach (var key in keys)
                    {
                        var keySchema = items?["properties"]?[key!];
                        if (keySchema is null)
                        {
                            errors.Add($"{path}.x-kubernetes-list-map-keys: Invalid value: \"{key}\": entries must all be names of item properties");
                        }
                        else if (!required.Contains(key) && keySchema["default"] is null)
                        {
                            errors.Add($"{path}.items.properties[{key}]: Required value: all map keys must be required or have a default value");
                        }
                        else if (!ScalarTypes.Contains((string?)keySchema["type"]))
                        {
                            errors.Add($"{path}.items.properties[{key}].type: Invalid value: must be a scalar type if parent array's x-kubernetes-list-type is map");
                        }
                    }

                    break;
                default:
                    errors.Add($"{path}.x-kubernetes-list-type: Unsupported value: \"{listType}\": supported values: \"atomic\", \"map\", \"set\"");
                    break;
            }
        }
        else if (schema["x-kubernetes-list-map-keys"] is not null)
        {
            errors.Add($"{path}.x-kubernetes-list-map-keys: Forbidden: must not be set if x-kubernetes-list-type is not map");
        }

        if ((string?)schema["x-kubernetes-map-type"] is { } mapType)
        {
            if (mapType is not ("granular" or "atomic"))
            {
                errors.Add($"{path}.x-kubernetes-map-type: Unsupported value: \"{mapType}\": supported values: \"atomic\", \"granular\"");
            }

            if (type != "object")
            {
                errors.Add($"{path}.x-kubernetes-map-type: Invalid value: must only be used if type is object");
            }
        }
    }

    /// <summary>A default must be of the node's type and among its enum, or the API server refuses the CRD.</summary>
    private static void CheckDefault(JsonObject schema, string? type, string path, List<string> errors)
    {
        if (!schema.TryGetPropertyValue("default", out var value) || string.IsNullOrEmpty(type))
        {
            return;
        }

        var kind = value?.GetValueKind() ?? JsonValueKind.Null;
        var matches = type switch
        {
            "object" => kind == JsonValueKind.Object,
            "array" => kind == JsonValueKind.Array,
            "string" => kind == JsonValueKind.String,
            "boolean" => kind is JsonValueKind.True or JsonValueKind.False,
            "integer" => kind == JsonValueKind.Number && double.Parse(value!.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) % 1 == 0,
            "number" => kind == JsonValueKind.Number,
            _ => true,
        };
        if (!matches)
        {
            errors.Add($"{path}.default: Invalid value: must be of type {type}");
        }
        else if (schema["enum"] is JsonArray allowed && !allowed.Any(a => JsonNode.DeepEquals(a, value)))
        {
            errors.Add($"{path}.default: Unsupported value: {value!.ToJsonString()}: must be one of the enum values");
        }
    }

    private static void CheckRules(JsonObject schema, string path, List<string> errors, bool correlatable)
    {
        foreach (var (rule, index) in (schema["x-kubernetes-validations"]?.AsArray() ?? []).OfType<JsonObject>().Select((r, i) => (r, i)))
        {
            var at = $"{path}.x-kubernetes-validations[{index}]";
            var text = (string?)rule["rule"];
            if (string.IsNullOrWhiteSpace(text))
            {
                errors.Add($"{at}.rule: Required value");
                continue;
            }

            if (rule["reason"] is not null && !RuleReasons.Contains((string?)rule["reason"]))
            {
                errors.Add($"{at}.reason: Unsupported value: \"{rule["reason"]}\"");
            }

            if (text.Contains("oldSelf", StringComparison.Ordinal) && !correlatable)
            {
                errors.Add($"{at}.rule: Invalid value: oldSelf cannot be used on the uncorrelatable portion of the schema within {path}");
            }
        }
    }

    /// <summary>Rule 4: a custom resource's metadata may only restrict name and generateName, as strings.</summary>
    private static void CheckMetadata(JsonObject root, string path, List<string> errors)
    {
        if (root["properties"]?["metadata"] is not JsonObject metadata)
        {
            return;
        }

        foreach (var (key, _) in metadata)
        {
            if (key is not ("type" or "properties"))
            {
                errors.Add($"{path}.properties[metadata].{key}: Forbidden: must not be specified");
            }
        }

        foreach (var (name, field) in (metadata["properties"] as JsonObject) ?? [])
        {
            if (name is not ("name" or "generateName"))
            {
                errors.Add($"{path}.properties[metadata].properties[{name}]: Forbidden: only name and generateName may be restricted");
            }
            else if ((string?)field?["type"] is not (null or "string"))
            {
                errors.Add($"{path}.properties[metadata].properties[{name}].type: Invalid value: must be string");
            }
        }
    }
}
