using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// Which model and version to serve, and with how many replicas. Autoscaling, canary rollout, drift
/// and retraining fields arrive with the code that honours them. The store and its credentials
/// are the operator's (where TrainingJobs publish by default).
/// </summary>
public sealed class ModelDeploymentSpec
{
    public const string Latest = "latest";
    public const int DefaultReplicas = 1;

    [JsonPropertyName("model")]
    [Description("Model name in the store (a DNS-1123 label).")]
    [Required]
    [StringLength(63, MinimumLength = 1)]
    [RegularExpression(NamePatterns.Dns1123Label)]
    public string Model { get; set; } = "";

    [JsonPropertyName("version")]
    [Description("latest (the newest published version) or a pinned version such as 20261123T014200Z-1a2b3c.")]
    [RegularExpression(NamePatterns.VersionOrLatest)]
    [DefaultValue(Latest)]
    public string? Version { get; set; }

    [JsonPropertyName("replicas")]
    [Description("Inference Pods.")]
    [Range(0, 100)]
    [DefaultValue(DefaultReplicas)]
    public int? Replicas { get; set; }

    [JsonPropertyName("resources")]
    [Description("Compute resources of the inference container. Default: the operator's.")]
    public ResourcesSpec? Resources { get; set; }

    [JsonPropertyName("image")]
    [Description("Inference image. Default: the operator's.")]
    [StringLength(512, MinimumLength = 1)]
    public string? Image { get; set; }
}
