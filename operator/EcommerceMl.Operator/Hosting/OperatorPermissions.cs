using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using k8s.Models;

namespace EcommerceMl.Operator.Hosting;

/// <summary>Where a permission applies: the namespaces the operator watches, or only its own (the Lease).</summary>
internal enum PermissionScope
{
    /// <summary>A ClusterRole, bound cluster-wide or, with a watch namespace, by a RoleBinding there.</summary>
    WatchedNamespaces,

    /// <summary>A Role in the operator's own namespace.</summary>
    OperatorNamespace,
}

/// <summary>One RBAC rule: an API group, a resource (or <c>resource/subresource</c>), verbs, and optionally the only object names it covers.</summary>
internal sealed record PermissionRule(PermissionScope Scope, string Group, string Resource, IReadOnlyList<string> Verbs, IReadOnlyList<string> ResourceNames)
{
    /// <summary>True when this rule allows <paramref name="verb"/> on the named object (null name: a collection request).</summary>
    public bool Allows(string group, string resource, string verb, string? name) =>
        Group == group && Resource == resource && Verbs.Contains(verb, StringComparer.Ordinal)
        && (ResourceNames.Count == 0 || (name is not null && ResourceNames.Contains(name, StringComparer.Ordinal)));
}

/// <summary>
/// Every Kubernetes API permission the operator's code needs, declared once, next to the code, after
/// KubeOps' "RBAC beside the code": the Helm chart's ClusterRole and Role must render exactly these
/// (a test compares them), and a test checks that each request the operator sends the API test
/// server is allowed by one of them and that each verb here is used (Runtime/OperatorPermissionsCoverageTests).
/// No wildcards and no patch (the operator replaces whole objects, ReplaceAsync = update); verbs are
/// the API's: get, list and watch (a ResourceWatcher lists then watches), create, update (also
/// <c>x/status</c>), delete.
/// </summary>
internal static class OperatorPermissions
{
    private static readonly string[] Read = ["get", "list", "watch"];

    public static IReadOnlyList<PermissionRule> All { get; } =
    [
        // The custom resources: watched and read; written through /status. A TrainingJob's metadata is
        // also updated, to add and remove its artifacts finalizer (spec.output.deleteArtifactsOnDelete).
        // A Model's TrainingJobs are also created, and deleted (history limits; concurrencyPolicy Replace).
        Rule<TrainingJob>([.. Read, "create", "delete", "update"]),
        Rule<ModelDeployment>(Read),
        Rule<Model>(Read),
        Rule<TrainingJob>(["update"], "status"),
        Rule<ModelDeployment>(["update"], "status"),
        Rule<Model>(["update"], "status"),

        // Children carry blockOwnerDeletion (Builders/OwnerReferences); API servers enforcing owner
        // references (the OwnerReferencesPermissionEnforcement admission plugin) require update on the owner's finalizers.
        Rule<TrainingJob>(["update"], "finalizers"),
        Rule<ModelDeployment>(["update"], "finalizers"),
        Rule<Model>(["update"], "finalizers"),

        // A TrainingJob's Job: created, read, watched, replaced to flip spec.suspend. Garbage collection deletes it.
        // A Model's monitoring Jobs: created, listed and watched, the old ones deleted (the newest three are kept).
        Rule<V1Job>(["create", "delete", "get", "list", "update", "watch"]),

        // Pods of a TrainingJob's Job (by the job-name label: phase, termination message) and of a
        // ModelDeployment's Deployments (by its label: readiness, crash loops): listed and watched.
        Rule<V1Pod>(["list", "watch"]),

        // A ModelDeployment's Deployments (current and canary): watched (list, then watch) by the
        // controller, read, created, replaced (new template or replicas) and the canary deleted once
        // promoted or rolled back. Nothing patches them.
        Rule<V1Deployment>(["create", "delete", "get", "list", "update", "watch"]),

        // Its Service: read, created, replaced when someone changed it. Not watched (a change is repaired
        // at the next reconcile) and never deleted by the operator (garbage collection does it).
        Rule<V1Service>(["create", "get", "update"]),

        // Its HorizontalPodAutoscaler: read, created, replaced when spec.autoscaling changes, deleted when
        // autoscaling is removed. Not watched.
        Rule<V2HorizontalPodAutoscaler>(["create", "delete", "get", "update"]),

        // core/v1 Events (Runtime/KubernetesCluster.RecordEventAsync): created, never updated.
        Rule<Corev1Event>(["create"]),

        // Leader election (Runtime/LeaderGate, KubernetesClient's LeaseLock): create cannot be limited
        // by name, so it stands alone; reading and renewing only the operator's own Lease.
        Rule<V1Lease>(["create"], scope: PermissionScope.OperatorNamespace),
        Rule<V1Lease>(["get", "update"], scope: PermissionScope.OperatorNamespace, names: [LeaderGate.LeaseName]),
    ];

    private static PermissionRule Rule<T>(string[] verbs, string? subresource = null, PermissionScope scope = PermissionScope.WatchedNamespaces, string[]? names = null)
    {
        var r = ApiResource.Of<T>();
        return new PermissionRule(scope, r.Group, subresource is null ? r.Plural : $"{r.Plural}/{subresource}", [.. verbs.Order(StringComparer.Ordinal)], names ?? []);
    }
}
