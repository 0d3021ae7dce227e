using System.Collections.Concurrent;
using k8s;
using Microsoft.AspNetCore.Http;

namespace EcommerceMl.Operator.Tests.Support.ApiServer;

/// <summary>
/// One request as RBAC sees it: who (the bearer token, standing in for the service account), the
/// verb (get, list, watch, create, update, patch, delete, deletecollection), the API group, the
/// resource (<c>resource/subresource</c>), the namespace and the object name.
/// </summary>
internal sealed record ApiRequest(string User, string Verb, string Group, string Resource, string? Namespace, string? Name)
{
    public const string Anonymous = "system:anonymous";

    public override string ToString() => $"{User}: {Verb} {(Group.Length == 0 ? "core" : Group)}/{Resource} {Namespace}/{Name}";
}

/// <summary>The request log: every request the server received, in order, so a test can compare what a client did with what RBAC allows.</summary>
internal sealed partial class ApiTestServer
{
    private readonly ConcurrentQueue<ApiRequest> _requests = new();

    /// <summary>Every request so far (a snapshot).</summary>
    public IReadOnlyList<ApiRequest> Requests => [.. _requests];

    /// <summary>A client whose requests the log attributes to <paramref name="user"/> (sent as a bearer token, as a service account's is).</summary>
    public Kubernetes ClientAs(string user) =>
        new(new KubernetesClientConfiguration { Host = Address.ToString().TrimEnd('/'), AccessToken = user });

    private void Record(HttpRequest request, ApiPath? path)
    {
        var authorization = request.Headers.Authorization.ToString();
        var user = authorization.StartsWith("Bearer ", StringComparison.Ordinal) ? authorization["Bearer ".Length..] : ApiRequest.Anonymous;
        if (path is null)
        {
            // Not a served resource: logged under its raw path so a permission check cannot pass it by.
            _requests.Enqueue(new ApiRequest(user, request.Method.ToLowerInvariant(), "", request.Path.Value ?? "", null, null));
            return;
        }

        var verb = (request.Method, path.Name) switch
        {
            ("GET", null) => request.Query["watch"] == "true" ? "watch" : "list",
            ("GET", _) => "get",
            ("POST", _) => "create",
            ("PUT", _) => "update",
            ("PATCH", _) => "patch",
            ("DELETE", null) => "deletecollection",
            ("DELETE", _) => "delete",
            _ => request.Method.ToLowerInvariant(),
        };
        var resource = path.Subresource is null ? path.Resource.Plural : $"{path.Resource.Plural}/{path.Subresource}";
        _requests.Enqueue(new ApiRequest(user, verb, path.Resource.Group, resource, path.Namespace, path.Name));
    }
}
