using System.Security.Cryptography;
using System.Text;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Reconcilers;

/// <summary>
/// "Has the part of an object we own changed?" without comparing against what the API server
/// defaulted: the desired part's hash is stored in an annotation and compared with the next
/// desired one, so a steady-state reconcile writes nothing on a real cluster either.
/// </summary>
internal static class OwnedObjects
{
    public const string HashAnnotation = MlApi.LabelPrefix + "desired-hash";

    public static string Hash(object ownedPart)
    {
        var json = KubernetesJson.Serialize(ownedPart);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)))[..16];
    }

    public static string? HashOf(IKubernetesObject<V1ObjectMeta> obj) =>
        obj.Metadata.Annotations is { } annotations && annotations.TryGetValue(HashAnnotation, out var hash) ? hash : null;

    public static void Annotate(IKubernetesObject<V1ObjectMeta> obj, string key, string value)
    {
        obj.Metadata.Annotations ??= new Dictionary<string, string>(StringComparer.Ordinal);
        obj.Metadata.Annotations[key] = value;
    }

    public static bool SameLabels(IKubernetesObject<V1ObjectMeta> a, IKubernetesObject<V1ObjectMeta> b) =>
        (a.Metadata.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal)
            .SequenceEqual((b.Metadata.Labels ?? new Dictionary<string, string>()).OrderBy(l => l.Key, StringComparer.Ordinal));

    /// <summary>Refuses to change an object of the expected name that another resource controls.</summary>
    public static void EnsureControlledBy(IKubernetesObject<V1ObjectMeta> owned, IKubernetesObject<V1ObjectMeta> owner)
    {
        if (!OwnerReferences.IsControlledBy(owned, owner))
        {
            throw new InvalidOperationException(
                $"{owned.Kind} {owned.Metadata.NamespaceProperty}/{owned.Metadata.Name} exists but is not controlled by {owner.Kind} {owner.Metadata.Name}; delete it or rename the {owner.Kind}.");
        }
    }
}
