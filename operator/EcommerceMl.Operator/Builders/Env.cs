using k8s.Models;

namespace EcommerceMl.Operator.Builders;

/// <summary>Plain environment variables (KubernetesClient 21's V1EnvVar has only a parameterless constructor).</summary>
internal static class Env
{
    public static V1EnvVar Of(string name, string value) => new() { Name = name, Value = value };
}
