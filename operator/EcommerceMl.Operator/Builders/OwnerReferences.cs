using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Builders;

/// <summary>Controller owner references: deleting the resource deletes what it created (Kubernetes garbage collection).</summary>
public static class OwnerReferences
{
    public static V1OwnerReference ControllerOf(IKubernetesObject<V1ObjectMeta> owner)
    {
        ArgumentNullException.ThrowIfNull(owner);
        if (string.IsNullOrEmpty(owner.Metadata?.Uid))
        {
            throw new ArgumentException($"{owner.Kind} '{owner.Metadata?.Name}' has no metadata.uid yet; only a stored resource can own objects.", nameof(owner));
        }

        return new V1OwnerReference
        {
            ApiVersion = owner.ApiVersion,
            Kind = owner.Kind,
            Name = owner.Metadata.Name,
            Uid = owner.Metadata.Uid,
            Controller = true,
            BlockOwnerDeletion = true,
        };
    }

    /// <summary>True when <paramref name="owned"/> is controlled by <paramref name="owner"/> (same uid), not by an earlier resource of the same name.</summary>
    public static bool IsControlledBy(IKubernetesObject<V1ObjectMeta> owned, IKubernetesObject<V1ObjectMeta> owner)
    {
        ArgumentNullException.ThrowIfNull(owned);
        ArgumentNullException.ThrowIfNull(owner);
        return owned.Metadata?.OwnerReferences?.Any(r => r.Controller == true && r.Uid == owner.Metadata?.Uid) == true;
    }

    /// <summary>The name of <paramref name="owned"/>'s controller when it is a <paramref name="kind"/> of our API group; else null.</summary>
    public static string? ControllerNameOf(IKubernetesObject<V1ObjectMeta> owned, string kind)
    {
        ArgumentNullException.ThrowIfNull(owned);
        return owned.Metadata?.OwnerReferences?.FirstOrDefault(o => o.Controller == true && o.Kind == kind && o.ApiVersion == Resources.V1Alpha1.MlApi.GroupVersion)?.Name;
    }
}
