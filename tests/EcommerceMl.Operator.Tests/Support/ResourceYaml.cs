using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s;

namespace EcommerceMl.Operator.Tests.Support;

/// <summary>Reads resource YAML the way kubectl users write it, refusing fields the types do not know.</summary>
internal static class ResourceYaml
{
    public static Dictionary<string, Type> TypeMap { get; } = new()
    {
        [$"{MlApi.GroupVersion}/{TrainingJob.KindName}"] = typeof(TrainingJob),
        [$"{MlApi.GroupVersion}/{ModelDeployment.KindName}"] = typeof(ModelDeployment),
        [$"{MlApi.GroupVersion}/{Model.KindName}"] = typeof(Model),
    };

    public static List<object> LoadAll(string yaml) => KubernetesYaml.LoadAllFromString(yaml, TypeMap, strict: true);
}
