using k8s.Models;

namespace EcommerceMl.Operator.Builders;

/// <summary>Plain environment variables (KubernetesClient 21's V1EnvVar has only a parameterless constructor).</summary>
internal static class Env
{
    public static V1EnvVar Of(string name, string value) => new() { Name = name, Value = value };

    /// <summary>A variable read from a Secret's key when the Pod starts; the value never appears in the Pod spec.</summary>
    public static V1EnvVar FromSecret(string name, string secret, string key, bool optional = false) => new()
    {
        Name = name,
        ValueFrom = new V1EnvVarSource { SecretKeyRef = new V1SecretKeySelector { Name = secret, Key = key, Optional = optional ? true : null } },
    };
}
