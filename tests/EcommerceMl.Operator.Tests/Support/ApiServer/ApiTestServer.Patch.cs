using Microsoft.AspNetCore.Http;

namespace EcommerceMl.Operator.Tests.Support.ApiServer;

/// <summary>PATCH: merge patch (and strategic merge on built-ins, applied as a merge), a resourceVersion in the body as precondition.</summary>
internal sealed partial class ApiTestServer
{
    private async Task<ApiResult> PatchAsync(ServedResource r, string ns, string name, bool statusOnly, HttpRequest request)
    {
        var mediaType = (request.ContentType ?? "").Split(';')[0].Trim();
        if (mediaType != "application/merge-patch+json" && !(mediaType == "application/strategic-merge-patch+json" && !r.Custom))
        {
            return StatusBodies.UnsupportedMediaType(mediaType);
        }

        var patch = await BodyAsync(request).ConfigureAwait(false);
        var precondition = patch["metadata"]?["resourceVersion"]?.GetValue<string>();
        while (true)
        {
            var current = _reads.Get(r, ns, name);
            if (current.Code != 200)
            {
                return current;
            }

            var patched = MergePatch.Apply(current.Body, patch)!.AsObject();
            patched["metadata"]!["resourceVersion"] = precondition ?? current.Body["metadata"]!["resourceVersion"]!.GetValue<string>();
            var result = _writes.Update(r, ns, name, patched, statusOnly);

            // Without a precondition the real server retries internally when another write slipped in between.
            if (result.Code != 409 || precondition is not null)
            {
                return result;
            }
        }
    }
}
