using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Local;

/// <summary>The <c>namespace/name</c> keys local runners track their objects by.</summary>
internal static class RunnerKeys
{
    public static string Of(V1ObjectMeta metadata) => $"{metadata.NamespaceProperty}/{metadata.Name}";

    public static (string Namespace, string Name) Split(string key)
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        return (key[..slash], key[(slash + 1)..]);
    }

    /// <summary>The object <paramref name="key"/> names, or null once <paramref name="forget"/> has run for it because it is gone.</summary>
    public static async Task<T?> GetOrForgetAsync<T>(this LocalCluster cluster, string key, Func<string, Task> forget)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        var (ns, name) = Split(key);
        var found = await cluster.GetAsync<T>(ns, name).ConfigureAwait(false);
        if (found is null)
        {
            await forget(key).ConfigureAwait(false);
        }

        return found;
    }
}
