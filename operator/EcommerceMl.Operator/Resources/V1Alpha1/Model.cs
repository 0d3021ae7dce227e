using System.ComponentModel;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// "Keep model X trained": the training policy and the health of one model, for served and
/// batch-only models alike. The operator starts TrainingJobs on its own when a trigger fires
/// (no servable version yet, drift, a drop of realized accuracy, a schedule, age, new data), runs
/// monitoring Jobs that compare live data with the servable version, and reports both in status.
/// The Model's name is the model's name in the store.
/// </summary>
[Description(Summary)]
[KubernetesEntity(Group = MlApi.Group, ApiVersion = MlApi.Version, Kind = KindName, PluralName = Plural)]
[CelRule(
    "self.metadata.name.size() <= 63 && self.metadata.name.matches('" + NamePatterns.Dns1123Label + "')",
    "metadata.name must be a DNS-1123 label of at most 63 characters: it is the model's name in the store")]
public sealed class Model : IKubernetesObject<V1ObjectMeta>, ISpec<ModelSpec>, IStatus<ModelResourceStatus?>
{
    public const string KindName = "Model";
    public const string Plural = "models";
    public const string Singular = "model";
    public const string ShortName = "mdl";
    public const string Summary = "Keeps one model trained: starts TrainingJobs when its triggers fire and monitors drift and realized accuracy of the servable version.";

    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = MlApi.GroupVersion;

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = KindName;

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")]
    public ModelSpec Spec { get; set; } = new();

    [JsonPropertyName("status")]
    public ModelResourceStatus? Status { get; set; }
}
