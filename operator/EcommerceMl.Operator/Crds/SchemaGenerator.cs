using System.Collections;
using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using System.Text.Json.Serialization;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Crds;

/// <summary>
/// Turns a resource's C# types into the structural OpenAPI v3 schema of its CRD. Validation comes
/// from DataAnnotations on the properties ([Required], [Range], [RegularExpression], [AllowedValues],
/// [StringLength], [MaxLength], [Description], [DefaultValue]) and from the Kubernetes-specific
/// attributes in <see cref="CelRuleAttribute"/>'s file. Properties are emitted in ordinal order so
/// the YAML does not depend on reflection order.
/// </summary>
public static class SchemaGenerator
{
    /// <summary>A Kubernetes quantity (<c>500m</c>, <c>1Gi</c>, <c>2</c>), the pattern apimachinery documents.</summary>
    public const string QuantityPattern =
        "^(\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\\+|-)?(([0-9]+(\\.[0-9]*)?)|(\\.[0-9]+))))?$";

    /// <summary>The schema of a whole custom resource: apiVersion, kind, metadata, spec (required) and status.</summary>
    public static V1JSONSchemaProps ForResource(Type resourceType, Type specType, Type statusType)
    {
        ArgumentNullException.ThrowIfNull(resourceType);
        var root = new V1JSONSchemaProps
        {
            Type = "object",
            Description = DescriptionOf(resourceType),
            Properties = new SortedDictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal)
            {
                ["apiVersion"] = new() { Type = "string", Description = "The versioned schema of this representation of an object." },
                ["kind"] = new() { Type = "string", Description = "The REST resource this object represents." },
                ["metadata"] = new() { Type = "object" },
                ["spec"] = ForObject(specType, "spec"),
                ["status"] = ForObject(statusType, "status"),
            },
            Required = ["spec"],
        };
        AddRules(root, resourceType.GetCustomAttributes<CelRuleAttribute>());
        return root;
    }

    /// <summary>
    /// The schema of an object type; <paramref name="path"/> (e.g. <c>spec.runPolicy</c>) names fields in rule messages.
    /// <paramref name="inTemplate"/>: the object sits under a <see cref="TemplateAttribute"/> field, where <see cref="ImmutableAttribute"/> does not apply.
    /// </summary>
    public static V1JSONSchemaProps ForObject(Type type, string path, bool inTemplate = false)
    {
        ArgumentNullException.ThrowIfNull(type);
        var schema = new V1JSONSchemaProps { Type = "object" };
        var properties = new SortedDictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal);
        var required = new List<string>();
        var presenceRules = new List<string>();
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.CanWrite))
        {
            var name = JsonName(property);
            var fieldPath = $"{path}.{name}";
            properties[name] = ForProperty(property, fieldPath, inTemplate);
            var isRequired = property.GetCustomAttribute<RequiredAttribute>() is not null;
            if (isRequired)
            {
                required.Add(name);
            }
            else if (!inTemplate && property.GetCustomAttribute<ImmutableAttribute>() is not null)
            {
                presenceRules.Add($"has(self.{name}) == has(oldSelf.{name})");
            }
        }

        if (properties.Count > 0)
        {
            schema.Properties = properties;
        }

        if (required.Count > 0)
        {
            schema.Required = [.. required.Order(StringComparer.Ordinal)];
        }

        if (type.GetCustomAttribute<ExactlyOneAttribute>() is not null)
        {
            schema.MinProperties = 1;
            schema.MaxProperties = 1;
            schema.Description = $"Exactly one of: {string.Join(", ", properties.Keys)}.";
        }

        AddRules(schema, type.GetCustomAttributes<CelRuleAttribute>());
        if (presenceRules.Count > 0)
        {
            AddRules(schema, [new CelRuleAttribute(
                string.Join(" && ", presenceRules.Order(StringComparer.Ordinal)),
                $"optional fields of {path} cannot be added or removed after creation")]);
        }

        return schema;
    }

    private static V1JSONSchemaProps ForProperty(PropertyInfo property, string path, bool inTemplate)
    {
        inTemplate |= property.GetCustomAttribute<TemplateAttribute>() is not null;
        var schema = ForType(property.PropertyType, path, inTemplate);
        schema.Description = property.GetCustomAttribute<DescriptionAttribute>()?.Description ?? schema.Description;
        var isMap = schema.Type == "object" && schema.AdditionalProperties is not null;
        if (property.GetCustomAttribute<StringLengthAttribute>() is { } length)
        {
            var target = isMap && schema.AdditionalProperties is V1JSONSchemaProps values ? values : schema;
            target.MaxLength = length.MaximumLength;
            target.MinLength = length.MinimumLength > 0 ? length.MinimumLength : null;
        }

        if (property.GetCustomAttribute<MaxLengthAttribute>() is { } maxLength)
        {
            if (isMap)
            {
                schema.MaxProperties = maxLength.Length;
            }
            else
            {
                schema.MaxItems = maxLength.Length;
            }
        }

        if (property.GetCustomAttribute<RangeAttribute>() is { } range)
        {
            schema.Minimum = Convert.ToDouble(range.Minimum, CultureInfo.InvariantCulture);
            schema.Maximum = Convert.ToDouble(range.Maximum, CultureInfo.InvariantCulture);
        }

        if (property.GetCustomAttribute<RegularExpressionAttribute>() is { } pattern)
        {
            schema.Pattern = pattern.Pattern;
        }

        if (property.GetCustomAttribute<AllowedValuesAttribute>() is { } allowed)
        {
            schema.EnumProperty = [.. allowed.Values];
        }

        if (property.GetCustomAttribute<DefaultValueAttribute>() is { } defaultValue)
        {
            schema.DefaultProperty = defaultValue.Value;
        }

        if (property.GetCustomAttribute<DefaultEmptyObjectAttribute>() is not null)
        {
            schema.DefaultProperty = new Dictionary<string, object>();
        }

        var rules = property.GetCustomAttributes<CelRuleAttribute>().ToList();
        if (!inTemplate && property.GetCustomAttribute<ImmutableAttribute>() is not null)
        {
            rules.Insert(0, new CelRuleAttribute("self == oldSelf", $"{path} is immutable: a new run is a new resource"));
        }

        AddRules(schema, rules);
        return schema;
    }

    private static V1JSONSchemaProps ForType(Type type, string path, bool inTemplate)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type == typeof(string))
        {
            return new V1JSONSchemaProps { Type = "string" };
        }

        if (type == typeof(int))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int32" };
        }

        if (type == typeof(long))
        {
            return new V1JSONSchemaProps { Type = "integer", Format = "int64" };
        }

        if (type == typeof(double))
        {
            return new V1JSONSchemaProps { Type = "number", Format = "double" };
        }

        if (type == typeof(bool))
        {
            return new V1JSONSchemaProps { Type = "boolean" };
        }

        if (type == typeof(DateTime) || type == typeof(DateTimeOffset))
        {
            return new V1JSONSchemaProps { Type = "string", Format = "date-time" };
        }

        if (type == typeof(ResourceQuantity))
        {
            return new V1JSONSchemaProps
            {
                AnyOf = [new V1JSONSchemaProps { Type = "integer" }, new V1JSONSchemaProps { Type = "string" }],
                Pattern = QuantityPattern,
                XKubernetesIntOrString = true,
            };
        }

        if (type == typeof(V1Condition))
        {
            return ConditionSchema.Condition();
        }

        if (DictionaryValueType(type) is { } valueType)
        {
            return new V1JSONSchemaProps { Type = "object", AdditionalProperties = ForType(valueType, path + "[*]", inTemplate) };
        }

        if (ListItemType(type) is { } itemType)
        {
            var list = new V1JSONSchemaProps { Type = "array", Items = ForType(itemType, path + "[*]", inTemplate) };
            if (itemType == typeof(V1Condition))
            {
                list.XKubernetesListType = "map";
                list.XKubernetesListMapKeys = ["type"];
            }

            return list;
        }

        if (type.IsClass && type.Namespace == typeof(MlApi).Namespace)
        {
            return ForObject(type, path, inTemplate);
        }

        throw new NotSupportedException($"The CRD generator has no schema for {type} at {path}; add a mapping in {nameof(SchemaGenerator)}.");
    }

    private static Type? DictionaryValueType(Type type) =>
        type.IsGenericType && type.GetGenericArguments() is [var key, var value] && key == typeof(string)
            && typeof(IDictionary<,>).MakeGenericType(key, value).IsAssignableFrom(type)
            ? value
            : null;

    private static Type? ListItemType(Type type) =>
        type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type) && type.IsGenericType
            && type.GetGenericArguments() is [var item]
            ? item
            : null;

    private static void AddRules(V1JSONSchemaProps schema, IEnumerable<CelRuleAttribute> rules)
    {
        var validations = rules.Select(r => new V1ValidationRule { Rule = r.Rule, Message = r.Message }).ToList();
        if (validations.Count == 0)
        {
            return;
        }

        schema.XKubernetesValidations = [.. schema.XKubernetesValidations ?? [], .. validations];
    }

    private static string JsonName(PropertyInfo property) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name
        ?? throw new InvalidOperationException($"{property.DeclaringType?.Name}.{property.Name} needs [JsonPropertyName]: the wire name is part of the API.");

    private static string? DescriptionOf(Type type) => type.GetCustomAttribute<DescriptionAttribute>()?.Description;
}
