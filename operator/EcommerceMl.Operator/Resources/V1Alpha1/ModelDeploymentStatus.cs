using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s.Models;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// What is being served (revision tracking after KServe: candidate, previous version and traffic
/// arrive with canary rollout).
/// </summary>
public sealed class ModelDeploymentStatus
{
    [JsonPropertyName("observedGeneration")]
    public long? ObservedGeneration { get; set; }

    [JsonPropertyName("currentVersion")]
    [Description("The version rolled out to every replica.")]
    public string? CurrentVersion { get; set; }

    [JsonPropertyName("endpoint")]
    [Description("In-cluster URL of the REST API.")]
    public string? Endpoint { get; set; }

    [JsonPropertyName("readyReplicas")]
    public int? ReadyReplicas { get; set; }

    [JsonPropertyName("conditions")]
    [Description("PredictorReady, and Ready: the AND of the conditions that apply.")]
    public IList<V1Condition>? Conditions { get; set; }
}

/// <summary>Types of <c>status.conditions</c> on a ModelDeployment.</summary>
public static class ModelDeploymentConditions
{
    public const string PredictorReady = "PredictorReady";
    public const string Ready = "Ready";
}
