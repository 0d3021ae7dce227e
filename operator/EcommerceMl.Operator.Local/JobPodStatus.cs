using EcommerceMl.Operator.Builders;
using k8s.Models;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// The kubelet's part for a Job's Pod in local mode: its phase and its one trainer container's state, written the same
/// way by the Job runner and the Indexed Job runner.
/// </summary>
internal static class JobPodStatus
{
    public static Task SetAsync(LocalCluster cluster, TimeProvider time, string ns, string podName, string phase, V1ContainerState state) =>
        cluster.UpdateStatusAsync<V1Pod>(ns, podName, pod =>
        {
            pod.Status ??= new V1PodStatus();
            pod.Status.Phase = phase;
            pod.Status.StartTime ??= time.GetUtcNow().UtcDateTime;
            pod.Status.ContainerStatuses =
            [
                new V1ContainerStatus
                {
                    Name = TrainingJobBuilder.ContainerName,
                    Image = pod.Spec.Containers[0].Image,
                    ImageID = string.Empty,
                    Ready = phase == "Running",
                    RestartCount = 0,
                    Started = state.Running is not null,
                    State = state,
                },
            ];
        });
}
