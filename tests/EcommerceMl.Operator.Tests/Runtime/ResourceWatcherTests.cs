using EcommerceMl.Operator.Hosting;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Runtime;

/// <summary>Issue 15 item 5: a watch retries every error, forever, and says when it has been failing too long.</summary>
public sealed class ResourceWatcherTests
{
    private const string Ns = "shop";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task AListSlowerThanTheClientsTimeout_IsRetried_AndTheWatchRecovers_ReportingItselfFailingMeanwhile()
    {
        await using var server = await ApiTestServer.StartAsync();
        using var writer = server.Client();
        var trainingJob = TestResources.TrainingJob("shop-recs-1");
        trainingJob.Metadata.Uid = null;
        await writer.CustomObjects.CreateNamespacedCustomObjectAsync(trainingJob, MlApi.Group, MlApi.Version, Ns, TrainingJob.Plural, cancellationToken: Ct);
        var slowLists = 2;
        server.Fault = async context =>
        {
            if (context.Request.Method != "GET" || context.Request.Query["watch"] == "true" || Interlocked.Decrement(ref slowLists) < 0)
            {
                return false;
            }

            try
            {
                // Held past the client's timeout: the client gives up with a TaskCanceledException that is not the watcher's token.
                await Task.Delay(TimeSpan.FromSeconds(5), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }

            return true;
        };
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = server.Address.ToString().TrimEnd('/'), HttpClientTimeout = TimeSpan.FromMilliseconds(300) });
        var health = new WatchHealth(TimeProvider.System, TimeSpan.FromMinutes(5));
        var seen = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        var watcher = new ResourceWatcher<TrainingJob>(client, Ns, null, o => seen.TrySetResult(o.Metadata.Name), TimeProvider.System, NullLogger.Instance,
            health, new WatchBackoff(TimeSpan.FromMilliseconds(20), TimeSpan.FromMilliseconds(100)));
        using var stop = new CancellationTokenSource();

        var running = watcher.RunAsync(stop.Token);
        var wasFailing = false;
        while (!seen.Task.IsCompleted && !running.IsCompleted)
        {
            wasFailing |= health.Failing.Count > 0;
            await Task.Delay(5, Ct);
        }

        var name = await seen.Task.WaitAsync(TimeSpan.FromSeconds(15), Ct);
        var stillWatching = !running.IsCompleted;
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal("shop-recs-1", name);
        Assert.True(stillWatching, "the watch ended instead of retrying");
        Assert.True(wasFailing, "the slow lists were not reported");
        Assert.Empty(health.Failing);
        Assert.True(watcher.Lists >= 1);
    }

    [Fact]
    public void AWatchFailingLongerThanTheThreshold_MakesTheLivenessEndpointFail_UntilItWorksAgain()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 6, 6, 0, 0, TimeSpan.Zero));
        var health = new WatchHealth(clock, TimeSpan.FromMinutes(5));

        health.Failed("trainingjobs in all namespaces", new HttpRequestException("Connection refused"));
        clock.Advance(TimeSpan.FromMinutes(4));
        var early = Status(OperatorEndpoints.Liveness(health));
        clock.Advance(TimeSpan.FromMinutes(1));
        health.Failed("trainingjobs in all namespaces", new HttpRequestException("Connection refused again"));
        var blind = health.Blind();
        var late = Status(OperatorEndpoints.Liveness(health));
        health.Healthy("trainingjobs in all namespaces");
        var recovered = Status(OperatorEndpoints.Liveness(health));

        Assert.Equal(StatusCodes.Status200OK, early);
        Assert.Equal("watch of trainingjobs in all namespaces failing since 2026-12-06T06:00:00Z: Connection refused again", Assert.Single(blind));
        Assert.Equal(StatusCodes.Status503ServiceUnavailable, late);
        Assert.Equal(StatusCodes.Status200OK, recovered);
    }

    private static int Status(IResult result) => result is IStatusCodeHttpResult { StatusCode: { } code } ? code : StatusCodes.Status200OK;
}
