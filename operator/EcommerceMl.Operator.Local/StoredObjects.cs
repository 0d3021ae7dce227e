using System.Globalization;
using System.Text.Json.Nodes;
using EcommerceMl.Operator.Status;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// The API server's write rules on objects stored as JSON, for the in-memory clusters (local mode's
/// and the unit tests'): what a create, a replace and a status replace store. Pure: each takes the
/// stored object and returns the new one; the caller checks names and resourceVersions and stores it.
/// </summary>
internal static class StoredObjects
{
    /// <summary>A created object: status dropped; uid, generation 1 and creationTimestamp (whole seconds) set.</summary>
    public static JsonObject Created<T>(T obj, string uid, DateTime now)
    {
        var node = ToNode(obj);
        node.Remove("status");
        var metadata = node["metadata"]!.AsObject();
        metadata["uid"] = uid;
        metadata["generation"] = 1L;
        metadata["creationTimestamp"] = KubernetesJson.Serialize(ApiTime.WholeSeconds(now)).Trim('"');
        return node;
    }

    /// <summary>
    /// A replaced object: metadata and spec from <paramref name="obj"/>; uid, creationTimestamp,
    /// deletionTimestamp (an update cannot undo a delete) and status kept; generation bumped when the spec changed.
    /// </summary>
    public static JsonObject Replaced<T>(T obj, JsonObject stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var node = ToNode(obj);
        var metadata = node["metadata"]!.AsObject();
        foreach (var kept in new[] { "uid", "creationTimestamp", "generation", "deletionTimestamp" })
        {
            CopyProperty(stored["metadata"]!.AsObject(), metadata, kept);
        }

        CopyProperty(stored, node, "status");
        if (!JsonNode.DeepEquals(node["spec"], stored["spec"]))
        {
            metadata["generation"] = long.Parse(stored["metadata"]!["generation"]!.ToJsonString(), CultureInfo.InvariantCulture) + 1;
        }

        return node;
    }

    /// <summary>The stored object with only its status taken from <paramref name="obj"/>.</summary>
    public static JsonObject StatusReplaced<T>(T obj, JsonObject stored)
    {
        ArgumentNullException.ThrowIfNull(stored);
        var node = stored.DeepClone().AsObject();
        CopyProperty(ToNode(obj), node, "status");
        return node;
    }

    public static JsonObject ToNode<T>(T obj) => JsonNode.Parse(KubernetesJson.Serialize(obj))!.AsObject();

    public static T FromNode<T>(JsonObject node) => KubernetesJson.Deserialize<T>(node.ToJsonString());

    private static void CopyProperty(JsonObject from, JsonObject to, string name)
    {
        if (from[name] is { } value)
        {
            to[name] = value.DeepClone();
        }
        else
        {
            to.Remove(name);
        }
    }
}
