using System.Reflection;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// Where a kind lives in the API: group, version and lower-case plural, read from the type's
/// <see cref="KubernetesEntityAttribute"/> (the built-in models and our resources all carry one).
/// The core group is the empty string; KubernetesClient then sends <c>/api/v1/…</c>.
/// </summary>
internal sealed record ApiResource(string Group, string Version, string Plural, string Kind)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>"jobs.batch", "trainingjobs.ml.ecommerce.dev": how the API server names a resource in messages.</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public static ApiResource Of<T>() => Of(typeof(T));

    public static ApiResource Of(Type type)
    {
        var entity = type.GetCustomAttribute<KubernetesEntityAttribute>()
            ?? throw new ArgumentException($"{type.Name} has no [KubernetesEntity] attribute, so its API path is unknown.", nameof(type));
        return new ApiResource(entity.Group ?? "", entity.ApiVersion, entity.PluralName, entity.Kind);
    }
}

/// <summary>A list response of any kind: only the items and the snapshot's resourceVersion matter here.</summary>
internal sealed class ObjectList<T>
{
    [JsonPropertyName("metadata")]
    public V1ListMeta? Metadata { get; set; }

    [JsonPropertyName("items")]
    public IList<T> Items { get; set; } = [];
}
