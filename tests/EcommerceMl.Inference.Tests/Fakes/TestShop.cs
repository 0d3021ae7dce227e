using System.Globalization;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace EcommerceMl.Inference.Tests.Fakes;

/// <summary>
/// A storefront on its own origin (another port of 127.0.0.1) that includes the tracker from the inference server, as
/// a shop does: a home page with a search box and a recommendation widget, and a product page with cart and checkout buttons.
/// </summary>
internal sealed class TestShop : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestShop(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
    }

    /// <summary>The customer the home page identifies before the tracker has loaded.</summary>
    public const string Customer = "c-42";

    public Uri Address { get; }

    /// <summary>The origin the tracker's CORS allow-list must name: scheme, host and port.</summary>
    public string Origin => Address.GetLeftPart(UriPartial.Authority);

    /// <param name="eventsKey">The server's publishable events key, put on the tracker's URL as a shop would (none: no key).</param>
    public static async Task<TestShop> StartAsync(Func<Uri> trackerServer, string? eventsKey = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapGet("/", () => Html(trackerServer(), eventsKey, "Home", """
            <form id="search" onsubmit="event.preventDefault(); ecml.trackSearch(this.q.value, 3)"><input name="q" value="mug"><button id="go">Search</button></form>
            <ul data-ecml-recommendation-id="rec-123">
              <li data-ecml-product-id="p1" data-ecml-position="0"><a href="/product/p1">Espresso beans</a></li>
              <li data-ecml-product-id="p2" data-ecml-position="1"><a id="rec-p2" href="/product/p2">Milk frother</a></li>
            </ul>
            """, "", loadAsync: true));
        app.MapGet("/product/{id}", (string id) => Html(trackerServer(), eventsKey, "Product " + id, $$"""
            <button id="add" onclick="ecml.trackAddToCart('{{id}}', 1)">Add to cart</button>
            <button id="buy" onclick="ecml.trackCheckout(1, 'payment'); ecml.trackPurchase('order-1', [{ productId: '{{id}}', quantity: 1, unitPrice: 19.99 }]); ecml.trackCustom('newsletter_signup', { placement: 'receipt' })">Buy</button>
            """, $"ecml.trackProductView('{id}');"));
        await app.StartAsync(TestContext.Current.CancellationToken);
        return new TestShop(app, new Uri(app.Urls.First()));
    }

    /// <summary>
    /// A page including the tracker; <paramref name="loadAsync"/> loads it as the README's snippet does, with a call queued
    /// before it loaded (<c>identify</c>, so every event of the visit names the customer).
    /// </summary>
    private static IResult Html(Uri tracker, string? eventsKey, string title, string body, string script, bool loadAsync = false)
    {
        var origin = tracker.GetLeftPart(UriPartial.Authority);
        var key = eventsKey is null ? "" : "?eventsKey=" + Uri.EscapeDataString(eventsKey);
        return Results.Content(string.Create(CultureInfo.InvariantCulture, $"""
            <!doctype html><html><head><meta charset="utf-8"><title>{title}</title><link rel="icon" href="data:,">
            {(loadAsync ? $"<script>window.ecml = window.ecml || []; ecml.push([\"identify\", \"{Customer}\"]);</script>" : "")}
            </head>
            <body><h1>{title}</h1>{body}
            <script src="{origin}/v1/tracker.js{key}" data-endpoint="{origin}"{(loadAsync ? " async" : "")}></script>
            <script>{script}</script>
            </body></html>
            """), "text/html; charset=utf-8");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
    }
}
