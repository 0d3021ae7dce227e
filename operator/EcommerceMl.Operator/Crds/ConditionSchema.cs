using k8s.Models;

namespace EcommerceMl.Operator.Crds;

/// <summary>The schema of a metav1.Condition, as apimachinery declares it (types.go, "Condition").</summary>
internal static class ConditionSchema
{
    public static V1JSONSchemaProps Condition() => new()
    {
        Type = "object",
        Description = "An observation of one aspect of the resource's state.",
        Required = ["lastTransitionTime", "message", "reason", "status", "type"],
        Properties = new SortedDictionary<string, V1JSONSchemaProps>(StringComparer.Ordinal)
        {
            ["lastTransitionTime"] = new() { Type = "string", Format = "date-time", Description = "When the condition last changed from one status to another." },
            ["message"] = new() { Type = "string", MaxLength = 32768, Description = "Human-readable details of the transition." },
            ["observedGeneration"] = new() { Type = "integer", Format = "int64", Minimum = 0, Description = "The metadata.generation the condition was set for." },
            ["reason"] = new()
            {
                Type = "string",
                MinLength = 1,
                MaxLength = 1024,
                Pattern = "^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$",
                Description = "Programmatic identifier of the reason for the last transition (CamelCase).",
            },
            ["status"] = new() { Type = "string", EnumProperty = ["True", "False", "Unknown"] },
            ["type"] = new()
            {
                Type = "string",
                MaxLength = 316,
                Pattern = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*/)?(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])$",
            },
        },
    };
}
