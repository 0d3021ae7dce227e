using System.Globalization;
using System.Text.Json.Nodes;

namespace EcommerceMl.Operator.Tests.Support.ApiServer;

/// <summary>
/// The API server's write rules (K8S-API-SEMANTICS.md §2, §5–§7): 201 with uid, creationTimestamp,
/// generation 1 and a new resourceVersion; 409 AlreadyExists / Conflict; 422 for a CR update
/// without resourceVersion; status only through /status and never through the main resource;
/// generation bumped on non-metadata, non-status changes and on the first deletionTimestamp; a
/// write that changes nothing keeps its resourceVersion and emits no event; finalizers; and a
/// small garbage collector (dependents whose owner uid is gone are deleted with it).
/// </summary>
internal sealed partial class ApiWrites(ApiStore store)
{
    private static readonly string[] KeptMetadata = ["uid", "creationTimestamp", "deletionTimestamp", "deletionGracePeriodSeconds", "generation"];

    public ApiResult Create(ServedResource r, string ns, JsonObject body) => store.Locked(tx =>
    {
        var metadata = body["metadata"] as JsonObject ?? [];
        body["metadata"] = metadata;
        if (metadata["name"] is null && metadata["generateName"]?.GetValue<string>() is { } prefix)
        {
            metadata["name"] = prefix + string.Concat(Enumerable.Range(0, 5).Select(_ => "bcdfghjklmnpqrstvwxz2456789"[Random.Shared.Next(27)]));
        }

        if (metadata["name"]?.GetValue<string>() is not { Length: > 0 } name)
        {
            return StatusBodies.Invalid(r, "", "metadata.name: Required value: name or generateName is required");
        }

        if (tx.Get(r, ns, name) is not null)
        {
            return StatusBodies.AlreadyExists(r, name);
        }

        if (r.HasStatus)
        {
            body.Remove("status");
        }

        body["apiVersion"] = r.GroupVersion;
        body["kind"] = r.Kind;
        metadata["namespace"] = ns;
        metadata["uid"] = Guid.NewGuid().ToString();
        metadata["creationTimestamp"] = tx.Now();
        metadata["generation"] = 1L;
        metadata["resourceVersion"] = tx.NextVersion();
        tx.Commit(r, "ADDED", null, body);
        return new ApiResult(201, body.DeepClone());
    });

    /// <summary>PUT (and the end of PATCH): <paramref name="statusOnly"/> for the /status subresource.</summary>
    public ApiResult Update(ServedResource r, string ns, string name, JsonObject body, bool statusOnly) => store.Locked(tx =>
    {
        if (body["metadata"]?["name"]?.GetValue<string>() is { } bodyName && bodyName != name)
        {
            return StatusBodies.BadRequest($"the name of the object ({bodyName}) does not match the name on the URL ({name})");
        }

        if (tx.Get(r, ns, name) is not { } stored)
        {
            return StatusBodies.NotFound(r, name);
        }

        var version = body["metadata"]?["resourceVersion"]?.GetValue<string>();
        if (version is null && r.Custom)
        {
            return StatusBodies.Invalid(r, name, "metadata.resourceVersion: Invalid value: 0x0: must be specified for an update");
        }

        if (version is not null && version != stored["metadata"]!["resourceVersion"]!.GetValue<string>())
        {
            return StatusBodies.Conflict(r, name);
        }

        var next = statusOnly ? WithStatusOf(stored, body) : MainWrite(r, stored, body);
        var finalizers = Finalizers(next);
        if (stored["metadata"]!["deletionTimestamp"] is not null)
        {
            var added = finalizers.Except(Finalizers(stored)).ToList();
            if (added.Count > 0)
            {
                return StatusBodies.Invalid(r, name, $"metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{{\"{string.Join("\", \"", added)}\"}}");
            }

            if (finalizers.Count == 0)
            {
                next["metadata"]!["resourceVersion"] = tx.NextVersion();
                Remove(tx, r, next);
                return new ApiResult(200, next.DeepClone());
            }
        }

        if (JsonNode.DeepEquals(next, stored))
        {
            return new ApiResult(200, stored.DeepClone());
        }

        next["metadata"]!["resourceVersion"] = tx.NextVersion();
        tx.Commit(r, "MODIFIED", stored, next);
        return new ApiResult(200, next.DeepClone());
    });

    private static JsonObject MainWrite(ServedResource r, JsonObject stored, JsonObject body)
    {
        var next = body.DeepClone().AsObject();
        next["apiVersion"] = r.GroupVersion;
        next["kind"] = r.Kind;
        var metadata = next["metadata"] as JsonObject ?? [];
        next["metadata"] = metadata;
        metadata["namespace"] = stored["metadata"]!["namespace"]!.DeepClone();
        metadata["resourceVersion"] = stored["metadata"]!["resourceVersion"]!.DeepClone();
        foreach (var kept in KeptMetadata)
        {
            Copy(stored["metadata"]!.AsObject(), metadata, kept);
        }

        if (r.HasStatus)
        {
            Copy(stored, next, "status");
        }

        var changed = next.Where(p => p.Key is not ("metadata" or "status" or "apiVersion" or "kind"))
            .Concat(stored.Where(p => p.Key is not ("metadata" or "status" or "apiVersion" or "kind")))
            .Select(p => p.Key).Distinct()
            .Any(key => !JsonNode.DeepEquals(next[key], stored[key]));
        metadata["generation"] = Generation(stored) + (changed ? 1 : 0);
        return next;
    }

    private static JsonObject WithStatusOf(JsonObject stored, JsonObject body)
    {
        var next = stored.DeepClone().AsObject();
        Copy(body, next, "status");
        return next;
    }

    private static long Generation(JsonObject o) => long.Parse(o["metadata"]?["generation"]?.ToJsonString() ?? "0", CultureInfo.InvariantCulture);

    private static List<string> Finalizers(JsonObject o) =>
        o["metadata"]?["finalizers"] is JsonArray list ? [.. list.Select(f => f!.GetValue<string>())] : [];

    private static void Copy(JsonObject from, JsonObject to, string name)
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
