using k8s;
using k8s.Exceptions;

namespace EcommerceMl.Operator.Hosting;

/// <summary>The API server connection: in-cluster (service account) inside a Pod, else the kubeconfig (KUBECONFIG or ~/.kube/config).</summary>
internal static class ClusterConnection
{
    public static KubernetesClientConfiguration Configuration()
    {
        try
        {
            if (KubernetesClientConfiguration.IsInCluster())
            {
                return KubernetesClientConfiguration.InClusterConfig();
            }

            // BuildConfigFromConfigFile() alone reads only ~/.kube/config, whatever KUBECONFIG says. Of a list (kubectl merges
            // them) the first file is read: the operator needs one cluster, and the client merges no files.
            var first = (Environment.GetEnvironmentVariable("KUBECONFIG") ?? "")
                .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .FirstOrDefault();
            return KubernetesClientConfiguration.BuildConfigFromConfigFile(first);
        }
        catch (KubeConfigException e)
        {
            throw new OperatorConfigurationException(
                $"cannot reach a cluster: not running in a Pod and no usable kubeconfig ({e.Message}). Set KUBECONFIG or run the operator inside the cluster.");
        }
    }
}
