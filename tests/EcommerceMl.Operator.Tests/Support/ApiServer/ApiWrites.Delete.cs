using System.Text.Json.Nodes;

namespace EcommerceMl.Operator.Tests.Support.ApiServer;

/// <summary>DELETE: finalizers mark the object, otherwise it goes at once, and its dependents with it.</summary>
internal sealed partial class ApiWrites
{
    public ApiResult Delete(ServedResource r, string ns, string name) => store.Locked(tx =>
    {
        if (tx.Get(r, ns, name) is not { } stored)
        {
            return StatusBodies.NotFound(r, name);
        }

        if (Finalizers(stored).Count > 0)
        {
            if (stored["metadata"]!["deletionTimestamp"] is not null)
            {
                return new ApiResult(200, stored.DeepClone());
            }

            var marked = stored.DeepClone().AsObject();
            var metadata = marked["metadata"]!.AsObject();
            metadata["deletionTimestamp"] = tx.Now();
            metadata["deletionGracePeriodSeconds"] = 0L;
            metadata["generation"] = Generation(stored) + 1;
            metadata["resourceVersion"] = tx.NextVersion();
            tx.Commit(r, "MODIFIED", stored, marked);
            return new ApiResult(200, marked.DeepClone());
        }

        var deleted = stored.DeepClone().AsObject();
        deleted["metadata"]!["resourceVersion"] = tx.NextVersion();
        Remove(tx, r, deleted);
        return r.Plural == "pods" ? new ApiResult(200, deleted.DeepClone()) : StatusBodies.Success(r, name, deleted["metadata"]!["uid"]!.GetValue<string>());
    });

    /// <summary>Deletes the object (DELETED event) and, like the garbage collector, every object it owned, recursively.</summary>
    private static void Remove(ApiStore.StoreTransaction tx, ServedResource r, JsonObject obj)
    {
        tx.Commit(r, "DELETED", null, obj);
        var uid = obj["metadata"]!["uid"]!.GetValue<string>();
        var dependents = ServedResource.All
            .SelectMany(kind => tx.All(kind, obj["metadata"]!["namespace"]!.GetValue<string>()).Select(o => (kind, o)))
            .Where(d => d.o["metadata"]?["ownerReferences"] is JsonArray owners && owners.Any(o => o?["uid"]?.GetValue<string>() == uid))
            .ToList();
        foreach (var (kind, dependent) in dependents)
        {
            var gone = dependent.DeepClone().AsObject();
            gone["metadata"]!["resourceVersion"] = tx.NextVersion();
            Remove(tx, kind, gone);
        }
    }
}
