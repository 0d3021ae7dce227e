using System.Net;
using System.Net.Sockets;

namespace EcommerceMl.Cli.Tests.Serve;

/// <summary>What the tests of `ecml serve` as a child process share: a port to give it, and the wait until it answers.</summary>
internal static class ServeProcess
{
    /// <summary>A loopback port nobody listens on now (the kernel's choice); the server binds it a moment later.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Until the server answers <c>/healthz</c>, for at most 90 s; fails with <paramref name="why"/> if it exits first.</summary>
    public static async Task WaitForHealthAsync(HttpClient http, Func<bool> exited, Func<string> why, CancellationToken cancellationToken)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            Assert.False(exited(), $"ecml serve exited before it answered /healthz{why()}");
            try
            {
                if ((await http.GetAsync("/healthz", cancellationToken)).IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException) when (waited.Elapsed < TimeSpan.FromSeconds(90))
            {
                // not listening yet
            }

            await Task.Delay(100, cancellationToken);
        }
    }
}
