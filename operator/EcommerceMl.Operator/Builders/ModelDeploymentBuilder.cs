using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Builders;

/// <summary>
/// ModelDeployment → the inference Deployment (and, during a canary rollout, a second one), the
/// Service in front of both, and the optional HorizontalPodAutoscaler. Pure; the version is passed
/// in already resolved (<c>latest</c> is looked up in the store by the reconciler).
/// </summary>
public static class ModelDeploymentBuilder
{
    public const string App = "ecommerce-ml-inference";
    public const string Component = "predictor";
    public const string ContainerName = "inference";
    public const string PortName = "http";
    public const int ContainerPort = 8080;
    public const int ServicePort = 80;

    /// <summary>Pod label telling the stable Deployment's Pods from the canary's; part of each Deployment's selector, not the Service's.</summary>
    public const string TrackLabel = MlApi.LabelPrefix + "track";
    public const string StableTrack = "stable";
    public const string CanaryTrack = "canary";

    /// <summary>
    /// The standby that keeps the previous version ready (<c>rollout.keepPrevious</c>): its Pods' component differs from
    /// the Service's selector, so they take no traffic until the Service is switched to <see cref="PreviousSelector"/>.
    /// </summary>
    public const string PreviousTrack = "previous";
    public const string PreviousComponent = Component + "-" + PreviousTrack;

    /// <summary>The inference server's configuration keys (<see cref="InferenceConfiguration"/>) as the container's environment variables.</summary>
    /// <summary>
    /// The Pod annotations the common Prometheus scrape configuration (the <c>kubernetes-pods</c> job of the Prometheus
    /// chart and of many hand-written ones) discovers Pods by: every inference Pod is scraped at its own
    /// <c>/metrics</c>, so the canary's series come from the canary's Pods without a ServiceMonitor.
    /// </summary>
    public static IReadOnlyDictionary<string, string> ScrapeAnnotations { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["prometheus.io/scrape"] = "true",
        ["prometheus.io/port"] = ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["prometheus.io/path"] = "/metrics",
    };

    public static string StoreVariable { get; } = InferenceConfiguration.EnvironmentVariable(InferenceConfiguration.StoreKey);
    public static string ModelsVariable { get; } = InferenceConfiguration.EnvironmentVariable(InferenceConfiguration.ModelKey(0));

    public static string DeploymentName(ModelDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return $"{deployment.Metadata.Name}-{Component}";
    }

    public static string CanaryName(ModelDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return $"{deployment.Metadata.Name}-{Component}-{CanaryTrack}";
    }

    public static string PreviousName(ModelDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return $"{deployment.Metadata.Name}-{Component}-{PreviousTrack}";
    }

    /// <summary>The Service carries the ModelDeployment's name, so the endpoint is predictable.</summary>
    public static string ServiceName(ModelDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return deployment.Metadata.Name;
    }

    /// <summary>In-cluster URL of the REST API (<c>status.endpoint</c>); <c>{service}.{namespace}.svc</c> resolves whatever the cluster domain.</summary>
    public static string Endpoint(ModelDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return $"http://{ServiceName(deployment)}.{deployment.Metadata.NamespaceProperty}.svc";
    }

    public static Dictionary<string, string> Selector(ModelDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return StandardLabels.Selector(App, deployment.Metadata.Name, Component);
    }

    /// <summary>The standby's Pods (<see cref="BuildPreviousDeployment"/>): what the Service selects while they serve a switch back to the previous version.</summary>
    public static Dictionary<string, string> PreviousSelector(ModelDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return StandardLabels.Selector(App, deployment.Metadata.Name, PreviousComponent);
    }

    /// <summary>
    /// The stable (<paramref name="canary"/> false, named <c>{name}-predictor</c>) or canary
    /// (<c>{name}-predictor-canary</c>) Deployment serving <paramref name="version"/> with
    /// <paramref name="replicas"/> Pods (default: the spec's). Both sit behind the one Service; their
    /// own selectors differ by the track label, so neither Deployment adopts the other's Pods.
    /// </summary>
    public static V1Deployment BuildDeployment(ModelDeployment deployment, string version, WorkloadSettings settings, int? replicas = null, bool canary = false) =>
        Build(deployment, version, settings, replicas, canary ? CanaryTrack : StableTrack);

    /// <summary>
    /// The standby Deployment (<c>{name}-predictor-previous</c>) keeping <paramref name="version"/> ready with
    /// <paramref name="replicas"/> Pods for an instant rollback: the inference Pods of that version, but of component
    /// <see cref="PreviousComponent"/>, so the Service (and the canary analysis' scrape) leaves them out until it is switched to them.
    /// </summary>
    public static V1Deployment BuildPreviousDeployment(ModelDeployment deployment, string version, WorkloadSettings settings, int replicas) =>
        Build(deployment, version, settings, replicas, PreviousTrack);

    private static V1Deployment Build(ModelDeployment deployment, string version, WorkloadSettings settings, int? replicas, string track)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        ArgumentException.ThrowIfNullOrWhiteSpace(version);
        ArgumentNullException.ThrowIfNull(settings);
        if (version == ModelDeploymentSpec.Latest)
        {
            throw new ArgumentException("Resolve 'latest' to a concrete version before building the Deployment: Pods must all serve the same one.", nameof(version));
        }

        var previous = track == PreviousTrack;
        var labels = Labels(deployment, version);
        labels[TrackLabel] = track;
        var selector = previous ? PreviousSelector(deployment) : Selector(deployment);
        selector[TrackLabel] = track;
        if (previous)
        {
            labels[StandardLabels.Component] = PreviousComponent;
        }

        return new V1Deployment
        {
            ApiVersion = "apps/v1",
            Kind = "Deployment",
            Metadata = ChildMetadata(deployment, track switch { CanaryTrack => CanaryName(deployment), PreviousTrack => PreviousName(deployment), _ => DeploymentName(deployment) }, labels),
            Spec = new V1DeploymentSpec
            {
                Replicas = replicas ?? deployment.Spec.Replicas ?? ModelDeploymentSpec.DefaultReplicas,
                // Old ReplicaSets kept after a version change (the Deployment controller prunes beyond it); 10 is Kubernetes' default.
                RevisionHistoryLimit = deployment.Spec.Rollout?.RevisionHistoryLimit ?? RolloutSpec.DefaultRevisionHistoryLimit,
                Selector = new V1LabelSelector { MatchLabels = selector },
                // Keep serving during a rollout: a new Pod must be ready before an old one goes.
                Strategy = new V1DeploymentStrategy
                {
                    Type = "RollingUpdate",
                    RollingUpdate = new V1RollingUpdateDeployment { MaxUnavailable = "0", MaxSurge = "1" },
                },
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta
                    {
                        Labels = new Dictionary<string, string>(labels, StringComparer.Ordinal),
                        Annotations = new Dictionary<string, string>(ScrapeAnnotations, StringComparer.Ordinal),
                    },
                    Spec = PodSpec(deployment, version, settings),
                },
            },
        };
    }

    /// <summary>
    /// The Service: in front of the stable and canary Pods, or, with <paramref name="toPrevious"/>, of the standby's
    /// Pods only (a switch back to the previous version kept ready, until the stable Deployment serves it again).
    /// </summary>
    public static V1Service BuildService(ModelDeployment deployment, bool toPrevious = false)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        return new V1Service
        {
            ApiVersion = "v1",
            Kind = "Service",
            Metadata = ChildMetadata(deployment, ServiceName(deployment), VersionlessLabels(deployment)),
            Spec = new V1ServiceSpec
            {
                Type = "ClusterIP",
                Selector = toPrevious ? PreviousSelector(deployment) : Selector(deployment),
                Ports = [new V1ServicePort { Name = PortName, Port = ServicePort, TargetPort = PortName, Protocol = "TCP" }],
            },
        };
    }

    /// <summary>The HorizontalPodAutoscaler (autoscaling/v2) on the stable Deployment, named like it; null when the spec sets no autoscaling.</summary>
    public static V2HorizontalPodAutoscaler? BuildAutoscaler(ModelDeployment deployment)
    {
        ArgumentNullException.ThrowIfNull(deployment);
        if (deployment.Spec.Autoscaling is not { } autoscaling)
        {
            return null;
        }

        return new V2HorizontalPodAutoscaler
        {
            ApiVersion = "autoscaling/v2",
            Kind = "HorizontalPodAutoscaler",
            Metadata = ChildMetadata(deployment, DeploymentName(deployment), VersionlessLabels(deployment)),
            Spec = new V2HorizontalPodAutoscalerSpec
            {
                ScaleTargetRef = new V2CrossVersionObjectReference { ApiVersion = "apps/v1", Kind = "Deployment", Name = DeploymentName(deployment) },
                MinReplicas = autoscaling.MinReplicas ?? AutoscalingSpec.DefaultMinReplicas,
                MaxReplicas = autoscaling.MaxReplicas,
                Metrics =
                [
                    new V2MetricSpec
                    {
                        Type = "Resource",
                        Resource = new V2ResourceMetricSource
                        {
                            Name = "cpu",
                            Target = new V2MetricTarget { Type = "Utilization", AverageUtilization = autoscaling.TargetCPUUtilizationPercentage ?? AutoscalingSpec.DefaultTargetCpu },
                        },
                    },
                ],
            },
        };
    }

    /// <summary>Metadata of an object the ModelDeployment owns: its namespace, the labels, the ModelDeployment as controller.</summary>
    private static V1ObjectMeta ChildMetadata(ModelDeployment deployment, string name, IDictionary<string, string> labels) => new()
    {
        Name = name,
        NamespaceProperty = deployment.Metadata.NamespaceProperty,
        Labels = labels,
        OwnerReferences = [OwnerReferences.ControllerOf(deployment)],
    };

    /// <summary>The labels of the Service and the autoscaler, which outlive any one version.</summary>
    private static Dictionary<string, string> VersionlessLabels(ModelDeployment deployment) =>
        StandardLabels.For(App, deployment.Metadata.Name, Component,
            (StandardLabels.ModelDeployment, deployment.Metadata.Name),
            (StandardLabels.Model, deployment.Spec.Model));

    private static Dictionary<string, string> Labels(ModelDeployment deployment, string version)
    {
        var labels = VersionlessLabels(deployment);
        labels[StandardLabels.ModelVersion] = version;
        return labels;
    }

    private static V1PodSpec PodSpec(ModelDeployment deployment, string version, WorkloadSettings settings) => new()
    {
        AutomountServiceAccountToken = false,
        EnableServiceLinks = false,
        SecurityContext = RestrictedPod.PodSecurityContext(),
        Volumes = [RestrictedPod.TmpEmptyDir()],
        Containers =
        [
            new V1Container
            {
                Name = ContainerName,
                Image = deployment.Spec.Image ?? settings.InferenceImage,
                ImagePullPolicy = settings.ImagePullPolicy,
                Ports = [new V1ContainerPort { Name = PortName, ContainerPort = ContainerPort, Protocol = "TCP" }],
                Env =
                [
                    Env.Of("ASPNETCORE_HTTP_PORTS", ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                    Env.Of(StoreVariable, settings.Store),
                    Env.Of(ModelsVariable, InferenceConfiguration.ModelEntry(deployment.Spec.Model, version)),
                    .. StoreEnvironment.For(settings.Store, settings.InferenceCredentialsSecretName, settings),
                    .. ServingEnvironment.For(deployment.Spec),
                ],
                Resources = deployment.Spec.Resources?.ToKubernetes() ?? settings.InferenceResources,
                SecurityContext = RestrictedPod.ContainerSecurityContext(),
                VolumeMounts = [RestrictedPod.TmpMount()],
                // Ready once the model is loaded; alive as long as the process answers.
                ReadinessProbe = Probe("/readyz", periodSeconds: 5, failureThreshold: 3),
                LivenessProbe = Probe("/healthz", periodSeconds: 10, failureThreshold: 3),
                StartupProbe = Probe("/healthz", periodSeconds: 2, failureThreshold: 30),
            },
        ],
    };

    private static V1Probe Probe(string path, int periodSeconds, int failureThreshold) => new()
    {
        HttpGet = new V1HTTPGetAction { Path = path, Port = PortName },
        PeriodSeconds = periodSeconds,
        FailureThreshold = failureThreshold,
        TimeoutSeconds = 2,
    };
}
