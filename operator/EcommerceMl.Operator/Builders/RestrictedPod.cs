using k8s.Models;

namespace EcommerceMl.Operator.Builders;

/// <summary>
/// The Pod Security Standard "restricted" profile for the trainer and inference Pods: non-root,
/// read-only root filesystem (with an emptyDir at /tmp for .NET's temporary files), no privilege
/// escalation, every capability dropped, the runtime's default seccomp profile. Neither Pod talks
/// to the Kubernetes API, so no service account token is mounted.
/// </summary>
public static class RestrictedPod
{
    public const string TmpVolume = "tmp";
    public const string TmpPath = "/tmp";

    public static V1PodSecurityContext PodSecurityContext() => new()
    {
        RunAsNonRoot = true,
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1SecurityContext ContainerSecurityContext() => new()
    {
        RunAsNonRoot = true,
        ReadOnlyRootFilesystem = true,
        AllowPrivilegeEscalation = false,
        Capabilities = new V1Capabilities { Drop = ["ALL"] },
        SeccompProfile = new V1SeccompProfile { Type = "RuntimeDefault" },
    };

    public static V1Volume TmpEmptyDir() => new() { Name = TmpVolume, EmptyDir = new V1EmptyDirVolumeSource() };

    public static V1VolumeMount TmpMount() => new() { Name = TmpVolume, MountPath = TmpPath };
}
