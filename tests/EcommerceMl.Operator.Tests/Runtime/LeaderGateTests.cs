using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using k8s;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Operator.Tests.Runtime;

/// <summary>Leader election with KubernetesClient's LeaderElector and a Lease, against the API test server.</summary>
public sealed class LeaderGateTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Short enough for a quick test, long enough that a renewal is not missed on a loaded 2-core
    // machine (500 ms renew deadlines were missed at load 40 and the holder lost its Lease).
    private static readonly LeaderTimings Fast = new(TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2), TimeSpan.FromMilliseconds(200));

    private static Func<CancellationToken, Task> Work(TaskCompletionSource leading) => async ct =>
    {
        leading.TrySetResult();
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
            // Leadership ended or the replica stops: the work ends with it.
        }
    };

    [Fact]
    public async Task OfTwoReplicas_OnlyTheLeaseHolderWorks_AndTheOtherTakesOverWhenItStops()
    {
        await using var server = await ApiTestServer.StartAsync();
        using var clientA = server.Client();
        using var clientB = server.Client();
        var a = new LeaderGate(clientA, "ml", "pod-a", NullLogger.Instance, Fast);
        var b = new LeaderGate(clientB, "ml", "pod-b", NullLogger.Instance, Fast);
        var aLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bLeads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stopA = new CancellationTokenSource();
        using var stopB = new CancellationTokenSource();

        var runA = a.RunWhileLeadingAsync(Work(aLeads), stopA.Token);
        await aLeads.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var runB = b.RunWhileLeadingAsync(Work(bLeads), stopB.Token);
        var renewals = await RenewalsWhileAsync(clientA, count: 3);
        var bLedMeanwhile = b.IsLeading || bLeads.Task.IsCompleted;
        await stopA.CancelAsync();
        var aLost = await runA.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        await bLeads.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        var lease = await clientB.CoordinationV1.ReadNamespacedLeaseAsync(LeaderGate.LeaseName, "ml", cancellationToken: Ct);
        await stopB.CancelAsync();
        await runB.WaitAsync(TimeSpan.FromSeconds(10), Ct);

        Assert.Equal(3, renewals.Count);
        Assert.All(renewals, holder => Assert.Equal("pod-a", holder));
        Assert.False(bLedMeanwhile);
        Assert.False(aLost);
        Assert.Equal("pod-b", lease.Spec.HolderIdentity);
    }

    [Fact]
    public async Task LosingTheLease_CancelsTheWorkInFlightAtOnce_AndReportsTheLoss()
    {
        await using var server = await ApiTestServer.StartAsync();
        using var client = server.Client();
        var gate = new LeaderGate(client, "ml", "pod-a", NullLogger.Instance, Fast);
        var leads = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var abortedInFlight = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var stop = new CancellationTokenSource();

        var running = gate.RunWhileLeadingAsync(async leadership =>
        {
            leads.TrySetResult();
            try
            {
                // A reconcile in flight: only the Lost token may end it (Stopping would let it finish).
                await Task.Delay(Timeout.Infinite, leadership.Lost);
            }
            catch (OperationCanceledException)
            {
                abortedInFlight.TrySetResult(leadership.Lost.IsCancellationRequested);
            }
        }, stop.Token);
        await leads.Task.WaitAsync(TimeSpan.FromSeconds(10), Ct);
        // Another replica takes the Lease (as after a network partition): pod-a can no longer renew it.
        await StealLeaseAsync(client, "pod-b");

        var lost = await running.WaitAsync(TimeSpan.FromSeconds(15), Ct);

        Assert.True(lost);
        Assert.True(await abortedInFlight.Task.WaitAsync(TimeSpan.FromSeconds(1), Ct));
    }

    /// <summary>Writes <paramref name="holder"/> into the Lease, retrying while the holder's renewals race the write (409).</summary>
    private static async Task StealLeaseAsync(Kubernetes client, string holder)
    {
        for (var attempt = 0; ; attempt++)
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(LeaderGate.LeaseName, "ml", cancellationToken: Ct);
            lease.Spec.HolderIdentity = holder;
            lease.Spec.RenewTime = DateTime.UtcNow.AddSeconds(30);
            lease.Spec.LeaseDurationSeconds = 60;
            try
            {
                await client.CoordinationV1.ReplaceNamespacedLeaseAsync(lease, LeaderGate.LeaseName, "ml", cancellationToken: Ct);
                return;
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 50)
            {
            }
        }
    }

    /// <summary>The holder at each of the next <paramref name="count"/> renewals of the Lease (polled with a deadline).</summary>
    private static async Task<List<string>> RenewalsWhileAsync(Kubernetes client, int count)
    {
        var holders = new List<string>();
        DateTime? lastRenew = null;
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (holders.Count < count && DateTime.UtcNow < deadline)
        {
            var lease = await client.CoordinationV1.ReadNamespacedLeaseAsync(LeaderGate.LeaseName, "ml", cancellationToken: Ct);
            if (lease.Spec.RenewTime != lastRenew)
            {
                if (lastRenew is not null)
                {
                    holders.Add(lease.Spec.HolderIdentity);
                }

                lastRenew = lease.Spec.RenewTime;
            }

            await Task.Delay(20, Ct);
        }

        return holders;
    }
}
