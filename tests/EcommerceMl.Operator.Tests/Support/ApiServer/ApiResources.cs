namespace EcommerceMl.Operator.Tests.Support.ApiServer;

/// <summary>One resource the test server serves: where it lives, its kind, and the rules that differ per kind.</summary>
internal sealed record ServedResource(string Group, string Version, string Plural, string Kind, bool Custom, bool HasStatus)
{
    public string GroupVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    public string Key => $"{Group}/{Plural}";

    /// <summary>The name the API server uses in messages and <c>details.group</c>: "trainingjobs.ml.ecommerce.dev".</summary>
    public string QualifiedName => Group.Length == 0 ? Plural : $"{Plural}.{Group}";

    public static IReadOnlyList<ServedResource> All { get; } =
    [
        new("", "v1", "pods", "Pod", Custom: false, HasStatus: true),
        new("", "v1", "services", "Service", Custom: false, HasStatus: false),
        new("", "v1", "events", "Event", Custom: false, HasStatus: false),
        new("", "v1", "configmaps", "ConfigMap", Custom: false, HasStatus: false),
        new("", "v1", "secrets", "Secret", Custom: false, HasStatus: false),
        new("batch", "v1", "jobs", "Job", Custom: false, HasStatus: true),
        new("apps", "v1", "deployments", "Deployment", Custom: false, HasStatus: true),
        new("autoscaling", "v2", "horizontalpodautoscalers", "HorizontalPodAutoscaler", Custom: false, HasStatus: true),
        new("coordination.k8s.io", "v1", "leases", "Lease", Custom: false, HasStatus: false),
        new("ml.ecommerce.dev", "v1alpha1", "trainingjobs", "TrainingJob", Custom: true, HasStatus: true),
        new("ml.ecommerce.dev", "v1alpha1", "modeldeployments", "ModelDeployment", Custom: true, HasStatus: true),
        new("ml.ecommerce.dev", "v1alpha1", "models", "Model", Custom: true, HasStatus: true),
    ];
}

/// <summary>A request path taken apart: resource, namespace (null for all namespaces), name and subresource.</summary>
internal sealed record ApiPath(ServedResource Resource, string? Namespace, string? Name, string? Subresource)
{
    /// <summary>Null when the path names no served resource (answered 404 without <c>details.name</c>).</summary>
    public static ApiPath? Parse(string path)
    {
        var parts = path.Trim('/').Split('/');
        int rest;
        string group, version;
        if (parts is ["api", var coreVersion, ..])
        {
            (group, version, rest) = ("", coreVersion, 2);
        }
        else if (parts is ["apis", var g, var v, ..])
        {
            (group, version, rest) = (g, v, 3);
        }
        else
        {
            return null;
        }

        var tail = parts[rest..];
        string? ns = null;
        if (tail is ["namespaces", var n, _, ..])
        {
            ns = n;
            tail = tail[2..];
        }

        if (tail.Length is 0 or > 3 || (ns is null && tail.Length > 1))
        {
            return null;
        }

        var resource = ServedResource.All.FirstOrDefault(r => r.Group == group && r.Version == version && r.Plural == tail[0]);
        var subresource = tail.Length == 3 ? tail[2] : null;
        if (resource is null || (subresource is not null && (subresource != "status" || !resource.HasStatus)))
        {
            return null;
        }

        return new ApiPath(resource, ns, tail.Length > 1 ? tail[1] : null, subresource);
    }
}
