using EcommerceMl.Inference.Models;

namespace EcommerceMl.Inference.Observability;

/// <summary>
/// The model version that answered a request, kept on the request so the HTTP metrics
/// (<see cref="HttpRequestMetrics"/>) can label it once the answer is sent. The entry itself is the request's feature:
/// nothing allocated, where <c>HttpContext.Items</c> built a dictionary.
/// </summary>
public static class AnsweringModel
{
    public static void Set(HttpContext context, ModelEntry entry)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Features.Set(entry);
    }

    /// <summary>The model version that answered the request (its name and version label the request), null when none did.</summary>
    public static ModelEntry? Of(HttpContext context) => context.Features.Get<ModelEntry>();
}
