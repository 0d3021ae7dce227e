using System.Text.Json.Nodes;
using EcommerceMl.Operator.Tests.Support;

namespace EcommerceMl.Operator.Tests.Crds;

/// <summary>The CRDs the repository ships satisfy the rules the API server enforces on CRD schemas, and the check finds each broken rule.</summary>
public sealed class StructuralSchemaTests
{
    public static TheoryData<string> ShippedCrds() =>
    [
        .. Directory.GetFiles(Path.Combine(RepoRoot.Find(), "crds"), "*.yaml"),
        .. Directory.GetFiles(Path.Combine(RepoRoot.Find(), "charts", "ecommerce-ml", "crds"), "*.yaml"),
    ];

    internal static JsonObject Read(string path) => Assert.IsType<JsonObject>(Assert.Single(YamlJson.Documents(File.ReadAllText(path))));

    [Theory]
    [MemberData(nameof(ShippedCrds))]
    public void ShippedCrd_IsAcceptedByTheApiServersSchemaRules(string path)
    {
        var violations = StructuralSchema.Violations(Read(path));

        Assert.True(violations.Count == 0, $"{Path.GetRelativePath(RepoRoot.Find(), path)}:\n{string.Join('\n', violations)}");
    }

    [Fact]
    public async Task ShippedCrds_AreValidCustomResourceDefinitionsByTheKubernetesApiSchemas() =>
        await KubernetesSchemas.AssertValidAsync(ShippedCrds().Select(row => Read(row.Data)));

    private static JsonObject Crd(JsonObject spec) => new()
    {
        ["apiVersion"] = "apiextensions.k8s.io/v1",
        ["kind"] = "CustomResourceDefinition",
        ["metadata"] = new JsonObject { ["name"] = "widgets.shop.dev" },
        ["spec"] = new JsonObject
        {
            ["group"] = "shop.dev",
            ["names"] = new JsonObject { ["plural"] = "widgets", ["kind"] = "Widget" },
            ["scope"] = "Namespaced",
            ["versions"] = new JsonArray(new JsonObject
            {
                ["name"] = "v1",
                ["served"] = true,
                ["storage"] = true,
                ["schema"] = new JsonObject
                {
                    ["openAPIV3Schema"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject { ["spec"] = spec },
                    },
                },
            }),
        },
    };

    private static JsonObject Spec(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Violations_OfAValidSchema_AreNone() =>
        Assert.Empty(StructuralSchema.Violations(Crd(Spec("""
            {"type": "object", "properties": {
              "size": {"x-kubernetes-int-or-string": true, "anyOf": [{"type": "integer"}, {"type": "string"}]},
              "labels": {"type": "object", "additionalProperties": {"type": "string"}},
              "ports": {"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"],
                        "items": {"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}},
                                  "x-kubernetes-validations": [{"rule": "self == oldSelf"}]}},
              "mode": {"type": "string", "enum": ["a", "b"], "default": "a"}}}
            """))));

    [Theory]
    [InlineData("""{"type": "object", "properties": {"size": {"minimum": 1}}}""", "properties[size].type: Required value")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "string"}}, "anyOf": [{"properties": {"b": {"type": "string"}}}]}""", "anyOf[0].properties[b]: Required value: must be specified outside of anyOf too")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "string"}}, "oneOf": [{"required": ["a"], "description": "x"}]}""", "oneOf[0].description: Forbidden")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "string", "$ref": "#/x"}}}""", "properties[a].$ref: Forbidden")]
    [InlineData("""{"type": "array", "items": {"type": "string"}, "uniqueItems": true}""", "uniqueItems: Forbidden")]
    [InlineData("""{"type": "object", "additionalProperties": false}""", "additionalProperties: Forbidden: additionalProperties cannot be set to false")]
    [InlineData("""{"type": "object", "properties": {"a": {"type": "string"}}, "additionalProperties": {"type": "string"}}""", "mutual exclusive")]
    [InlineData("""{"type": "array", "items": [{"type": "string"}]}""", "items must be a schema object and not an array")]
    [InlineData("""{"type": "array", "x-kubernetes-list-type": "map", "items": {"type": "object", "properties": {"name": {"type": "string"}}}}""", "x-kubernetes-list-map-keys: Required value")]
    [InlineData("""{"type": "array", "x-kubernetes-list-type": "map", "x-kubernetes-list-map-keys": ["name"], "items": {"type": "object", "properties": {"name": {"type": "string"}}}}""", "all map keys must be required or have a default value")]
    [InlineData("""{"type": "string", "x-kubernetes-list-type": "set"}""", "must only be used if type is array")]
    [InlineData("""{"type": "string", "enum": ["a", "b"], "default": "c"}""", "default: Unsupported value")]
    [InlineData("""{"type": "integer", "default": "1"}""", "default: Invalid value: must be of type integer")]
    [InlineData("""{"type": "array", "items": {"type": "string", "x-kubernetes-validations": [{"rule": "self == oldSelf"}]}}""", "oldSelf cannot be used on the uncorrelatable portion")]
    [InlineData("""{"type": "string", "x-kubernetes-validations": [{"rule": "self != ''", "reason": "Wrong"}]}""", "reason: Unsupported value")]
    [InlineData("""{"type": "string", "x-kubernetes-int-or-string": true}""", "must be empty if x-kubernetes-int-or-string is true")]
    public void Violations_NameEachBrokenRule(string spec, string expected)
    {
        var violations = StructuralSchema.Violations(Crd(Spec(spec)));

        Assert.Contains(violations, v => v.Contains(expected, StringComparison.Ordinal));
    }

    [Fact]
    public void Violations_NameBadMetadataRestrictionsAndCrdNames()
    {
        var crd = Crd(Spec("""{"type": "object"}"""));
        crd["metadata"]!["name"] = "widgets.other.dev";
        var root = crd["spec"]!["versions"]![0]!["schema"]!["openAPIV3Schema"]!.AsObject();
        root["properties"]!["metadata"] = JsonNode.Parse("""{"type": "object", "properties": {"labels": {"type": "object"}}}""");

        var violations = StructuralSchema.Violations(crd);

        Assert.Contains(violations, v => v.Contains("properties[metadata].properties[labels]: Forbidden", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("metadata.name: Invalid value", StringComparison.Ordinal));
    }
}
