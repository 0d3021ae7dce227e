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
            return KubernetesClientConfiguration.IsInCluster()
                ? KubernetesClientConfiguration.InClusterConfig()
                : KubernetesClientConfiguration.BuildConfigFromConfigFile();
        }
        catch (KubeConfigException e)
        {
            throw new OperatorConfigurationException(
                $"cannot reach a cluster: not running in a Pod and no usable kubeconfig ({e.Message}). Set KUBECONFIG or run the operator inside the cluster.");
        }
    }
}
