using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// Serves one model over REST inside the cluster: an inference Deployment loading a version from
/// the store and a Service in front of it.
/// </summary>
[Description(Summary)]
[KubernetesEntity(Group = MlApi.Group, ApiVersion = MlApi.Version, Kind = KindName, PluralName = Plural)]
[CelRule(
    "self.metadata.name.size() <= 63 && self.metadata.name.matches('" + NamePatterns.Dns1035Label + "')",
    "metadata.name must be a DNS-1035 label of at most 63 characters (a letter first): it names the Service")]
public sealed class ModelDeployment : IKubernetesObject<V1ObjectMeta>, ISpec<ModelDeploymentSpec>, IStatus<ModelDeploymentStatus?>
{
    public const string KindName = "ModelDeployment";
    public const string Plural = "modeldeployments";
    public const string Singular = "modeldeployment";
    public const string ShortName = "mdep";
    public const string Summary = "Serves one model version over REST inside the cluster: an inference Deployment and a Service.";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = MlApi.GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public ModelDeploymentSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public ModelDeploymentStatus? Status { get; set; }
}
