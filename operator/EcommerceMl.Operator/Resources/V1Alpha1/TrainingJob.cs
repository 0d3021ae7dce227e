using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// A request to train one model version: the operator runs it as a batch/v1 Job of the trainer
/// image, and on success records the version the trainer published. Immutable after creation
/// except <c>spec.runPolicy.suspend</c>: a new run is a new TrainingJob.
/// </summary>
[Description(Summary)]
[KubernetesEntity(Group = MlApi.Group, ApiVersion = MlApi.Version, Kind = KindName, PluralName = Plural)]
[CelRule(
    "self.metadata.name.size() <= 63 && self.metadata.name.matches('" + NamePatterns.Dns1123Label + "')",
    "metadata.name must be a DNS-1123 label of at most 63 characters: it names the Job and labels its Pods")]
public sealed class TrainingJob : IKubernetesObject<V1ObjectMeta>, ISpec<TrainingJobSpec>, IStatus<TrainingJobStatus?>
{
    public const string KindName = "TrainingJob";
    public const string Plural = "trainingjobs";
    public const string Singular = "trainingjob";
    public const string ShortName = "tj";
    public const string Summary = "A request to train one model version, run as a batch/v1 Job of the trainer image.";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = MlApi.GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public TrainingJobSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public TrainingJobStatus? Status { get; set; }
}
