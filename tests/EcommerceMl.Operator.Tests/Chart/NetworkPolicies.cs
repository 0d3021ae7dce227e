using System.Text.Json.Nodes;

namespace EcommerceMl.Operator.Tests.Chart;

/// <summary>A Pod as a NetworkPolicy sees it: its namespace (with the label the API server puts on every namespace) and labels.</summary>
internal sealed record PodIdentity(string Namespace, IReadOnlyDictionary<string, string> Labels)
{
    // Computed on each read, so a copy made with `with { Namespace = … }` has its new namespace's label.
    public IReadOnlyDictionary<string, string> NamespaceLabels =>
        new Dictionary<string, string>(StringComparer.Ordinal) { ["kubernetes.io/metadata.name"] = Namespace };
}

/// <summary>
/// The ingress rules of rendered NetworkPolicies, evaluated as the API defines them: a Pod selected
/// by any Ingress policy accepts only what some rule of those policies admits; a peer with only a
/// podSelector means Pods of the policy's own namespace; a namespaceSelector with it means those Pods
/// in the selected namespaces. Selectors use matchLabels only (it refuses matchExpressions).
/// </summary>
internal static class NetworkPolicies
{
    public static bool Selects(JsonObject policy, PodIdentity pod) =>
        (string?)policy["metadata"]!["namespace"] == pod.Namespace && Matches(policy["spec"]!["podSelector"], pod.Labels);

    /// <summary>Whether <paramref name="client"/> may open <paramref name="port"/> (a port name) on <paramref name="target"/>.</summary>
    public static bool Admits(IEnumerable<JsonObject> policies, PodIdentity target, PodIdentity client, string port)
    {
        var selecting = policies.Where(p => Selects(p, target)).ToList();
        return selecting.Count == 0 || selecting.Any(policy =>
            (policy["spec"]!["ingress"] as JsonArray ?? []).Any(rule =>
                PortMatches(rule!["ports"], port)
                && (rule["from"] is not JsonArray from || from.Any(peer => PeerMatches(peer!.AsObject(), (string)policy["metadata"]!["namespace"]!, client)))));
    }

    private static bool PortMatches(JsonNode? ports, string port) =>
        ports is not JsonArray list || list.Any(p => p!["port"]?.ToString() == port);

    private static bool PeerMatches(JsonObject peer, string policyNamespace, PodIdentity client)
    {
        if (peer.ContainsKey("ipBlock"))
        {
            return false;
        }

        var namespaceOk = peer["namespaceSelector"] is { } namespaces
            ? Matches(namespaces, client.NamespaceLabels)
            : client.Namespace == policyNamespace;
        return namespaceOk && (peer["podSelector"] is not { } pods || Matches(pods, client.Labels));
    }

    private static bool Matches(JsonNode? selector, IReadOnlyDictionary<string, string> labels)
    {
        if (selector?["matchExpressions"] is not null)
        {
            throw new NotSupportedException("matchExpressions are not evaluated by this checker");
        }

        var wanted = selector?["matchLabels"] as JsonObject ?? [];
        return wanted.All(w => labels.TryGetValue(w.Key, out var value) && value == (string?)w.Value);
    }
}
