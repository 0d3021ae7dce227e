using EcommerceMl.Operator.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Prometheus;

namespace EcommerceMl.Operator.Hosting;

/// <summary>
/// The operator's HTTP port: <c>/metrics</c> (Prometheus) and <c>/healthz</c>, the liveness endpoint: 200
/// while every watch works (or this replica is a standby, which watches nothing), 503 naming the watches
/// that have been failing longer than <see cref="WatchHealth"/>'s threshold, so the kubelet restarts a
/// blind operator instead of leaving it running deaf to changes.
/// </summary>
internal static class OperatorEndpoints
{
    public const string HealthPath = "/healthz";

    public static async Task<WebApplication> StartAsync(int port, WatchHealth health, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://0.0.0.0:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapMetrics("/metrics");
        app.MapGet(HealthPath, () => Liveness(health));
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return app;
    }

    public static IResult Liveness(WatchHealth health)
    {
        ArgumentNullException.ThrowIfNull(health);
        var blind = health.Blind();
        return blind.Count == 0
            ? Results.Text("ok\n")
            : Results.Text($"blind: {string.Join("\n", blind)}\n", statusCode: StatusCodes.Status503ServiceUnavailable);
    }
}
