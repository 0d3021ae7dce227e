using System.Text.Json.Nodes;

namespace EcommerceMl.Operator.Tests.Support.ApiServer;

/// <summary>GET of one object and of a collection (sorted by namespace and name, the snapshot's resourceVersion, the list kind).</summary>
internal sealed class ApiReads(ApiStore store)
{
    public ApiResult Get(ServedResource r, string ns, string name) => store.Locked(tx =>
        tx.Get(r, ns, name) is { } o ? new ApiResult(200, o.DeepClone()) : StatusBodies.NotFound(r, name));

    public ApiResult List(ServedResource r, string? ns, Selector selector) => store.Locked(tx =>
    {
        var items = new JsonArray();
        foreach (var o in tx.All(r, ns).Where(selector.Matches))
        {
            var item = o.DeepClone().AsObject();
            if (!r.Custom)
            {
                // Items of built-in lists carry no kind or apiVersion; custom resource lists keep them.
                item.Remove("kind");
                item.Remove("apiVersion");
            }

            items.Add(item);
        }

        return new ApiResult(200, new JsonObject
        {
            ["kind"] = r.Kind + "List",
            ["apiVersion"] = r.GroupVersion,
            ["metadata"] = new JsonObject { ["resourceVersion"] = tx.ResourceVersion.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            ["items"] = items,
        });
    });
}
