using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace EcommerceMl.Operator.Tests.Support.ApiServer;

/// <summary>
/// A watch response: one <c>{"type","object"}</c> JSON per line, flushed per event. Without a
/// resourceVersion (or "0") it starts with ADDED for every matching object; from N it replays
/// the log after N, or sends one ERROR 410 Expired and closes when N was compacted away. A label
/// selector turns "stopped matching" into DELETED and "started matching" into ADDED. Bookmarks
/// (when asked for) and closing are triggered by the test through the store.
/// </summary>
internal sealed class WatchStream(ApiStore store, ServedResource resource, string? ns, Selector selector)
{
    public async Task RunAsync(HttpContext context, string? resourceVersion, bool bookmarks, TimeSpan? timeout)
    {
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "application/json";
        await response.StartAsync(context.RequestAborted).ConfigureAwait(false);
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted);
        if (timeout is { } t)
        {
            ended.CancelAfter(t);
        }

        var (lines, cursor, bookmarksSeen, closesSeen) = store.Locked(tx =>
        {
            var start = resourceVersion is null or "" or "0" ? (long?)null : long.Parse(resourceVersion, CultureInfo.InvariantCulture);
            if (start is { } from && from < tx.CompactedThrough)
            {
                return ([Line("ERROR", StatusBodies.Expired(from))], -1L, store.BookmarkRequests, store.CloseRequests);
            }

            List<string> initial = start is null
                ? [.. tx.All(resource, ns).Where(selector.Matches).Select(o => Line("ADDED", o))]
                : [.. EventLines(tx.EventsAfter(start.Value))];
            return (initial, tx.ResourceVersion, store.BookmarkRequests, store.CloseRequests);
        });
        store.WatchOpened();
        try
        {
            await WriteAsync(response, lines, ended.Token).ConfigureAwait(false);
            await FollowAsync(response, cursor, bookmarks, bookmarksSeen, closesSeen, ended.Token).ConfigureAwait(false);
        }
        finally
        {
            store.WatchClosed();
        }
    }

    private async Task FollowAsync(HttpResponse response, long cursor, bool bookmarks, long bookmarksSeen, long closesSeen, CancellationToken ended)
    {
        while (cursor >= 0 && !ended.IsCancellationRequested)
        {
            var changed = store.Changed;
            var (lines, next, bookmarkRequests, closeRequests) = store.Locked(tx =>
                (EventLines(tx.EventsAfter(cursor)), tx.ResourceVersion, store.BookmarkRequests, store.CloseRequests));
            cursor = next;
            if (closeRequests != closesSeen)
            {
                return;
            }

            if (bookmarkRequests != bookmarksSeen && bookmarks)
            {
                lines.Add(Line("BOOKMARK", new JsonObject
                {
                    ["kind"] = resource.Kind, ["apiVersion"] = resource.GroupVersion,
                    ["metadata"] = new JsonObject { ["resourceVersion"] = cursor.ToString(CultureInfo.InvariantCulture) },
                }));
            }

            bookmarksSeen = bookmarkRequests;
            if (lines.Count > 0)
            {
                await WriteAsync(response, lines, ended).ConfigureAwait(false);
                continue;
            }

            try
            {
                await changed.WaitAsync(ended).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private List<string> EventLines(IEnumerable<StoredEvent> events)
    {
        var lines = new List<string>();
        foreach (var e in events.Where(e => e.Resource == resource && (ns is null || e.Object["metadata"]?["namespace"]?.GetValue<string>() == ns)))
        {
            var now = selector.Matches(e.Object);
            var before = e.Old is not null && selector.Matches(e.Old);
            var type = e.Type switch
            {
                "MODIFIED" when now && before => "MODIFIED",
                "MODIFIED" when now => "ADDED",
                "MODIFIED" when before => "DELETED",
                "ADDED" or "DELETED" when now => e.Type,
                _ => null,
            };
            if (type is null)
            {
                continue;
            }

            // An object that stopped matching leaves as it was before, carrying the event's resourceVersion.
            var obj = e.Type == "MODIFIED" && type == "DELETED" ? e.Old!.DeepClone().AsObject() : e.Object;
            obj["metadata"]!["resourceVersion"] = e.Object["metadata"]!["resourceVersion"]!.DeepClone();
            lines.Add(Line(type, obj));
        }

        return lines;
    }

    private static string Line(string type, JsonObject obj) => new JsonObject { ["type"] = type, ["object"] = obj.DeepClone() }.ToJsonString() + "\n";

    private static async Task WriteAsync(HttpResponse response, List<string> lines, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var line in lines)
            {
                await response.Body.WriteAsync(Encoding.UTF8.GetBytes(line), cancellationToken).ConfigureAwait(false);
                await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The client went away or the timeout passed: the watch simply ends.
        }
    }
}
