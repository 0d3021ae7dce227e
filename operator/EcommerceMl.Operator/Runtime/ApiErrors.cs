using System.Net;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// Turns the client's <see cref="HttpOperationException"/> into the port's typed errors, using the
/// Status body the API server sends (its reason, and whether <c>details.name</c> is set: a 404
/// without a name means the resource type itself is missing, e.g. the CRD is not installed).
/// </summary>
internal static class ApiErrors
{
    public static V1Status? StatusOf(HttpOperationException e)
    {
        try
        {
            return string.IsNullOrEmpty(e.Response?.Content) ? null : KubernetesJson.Deserialize<V1Status>(e.Response.Content);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    /// <summary>404 for the object itself (not for a missing resource type).</summary>
    public static bool IsObjectNotFound(HttpOperationException e) =>
        e.Response?.StatusCode == HttpStatusCode.NotFound && !string.IsNullOrEmpty(StatusOf(e)?.Details?.Name);

    public static Exception Translate(HttpOperationException e, ApiResource resource, string ns, string name)
    {
        var status = StatusOf(e);
        var message = status?.Message ?? e.Message;
        return (e.Response?.StatusCode, status?.Reason) switch
        {
            (HttpStatusCode.Conflict, "AlreadyExists") => new ClusterAlreadyExistsException(message),
            (HttpStatusCode.Conflict, _) => new ClusterConflictException(message),
            (HttpStatusCode.NotFound, _) when IsObjectNotFound(e) => new ClusterNotFoundException(message),
            (HttpStatusCode.NotFound, _) => new InvalidOperationException(
                $"The API server does not serve {resource.QualifiedName} ({resource.GroupVersion}) for {ns}/{name}: is the CRD installed? {message}", e),
            _ => new InvalidOperationException(
                $"{resource.Kind} {ns}/{name}: the API server answered {(int?)e.Response?.StatusCode} {status?.Reason}: {message}", e),
        };
    }
}
