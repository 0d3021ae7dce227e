using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using k8s.Models;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>Requests and limits of a container (cpu, memory, ephemeral-storage), as Kubernetes quantities.</summary>
public sealed class ResourcesSpec
{
    [JsonPropertyName("requests")]
    [Description("Minimum resources the container is scheduled with, e.g. cpu: 500m, memory: 1Gi.")]
    [MaxLength(8)]
    public IDictionary<string, ResourceQuantity>? Requests { get; set; }

    [JsonPropertyName("limits")]
    [Description("Maximum resources the container may use.")]
    [MaxLength(8)]
    public IDictionary<string, ResourceQuantity>? Limits { get; set; }

    /// <summary>As the Kubernetes type, or null when nothing is set.</summary>
    public V1ResourceRequirements? ToKubernetes() =>
        Requests is null && Limits is null
            ? null
            : new V1ResourceRequirements
            {
                Requests = Requests is null ? null : new Dictionary<string, ResourceQuantity>(Requests, StringComparer.Ordinal),
                Limits = Limits is null ? null : new Dictionary<string, ResourceQuantity>(Limits, StringComparer.Ordinal),
            };
}
