using System.Net;
using System.Net.Sockets;
using System.Text;
using EcommerceMl.Operator.Local.Runtimes;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Local.Runtimes;

/// <summary>
/// An <see cref="IPodRuntime"/> that runs nothing: it records every Pod it is asked to start, and each Pod ends when
/// the test says so. A server Pod answers 200 to any request on its address (so <c>/readyz</c> says ready) until it
/// ends. <see cref="Refuse"/> makes a start fail as the runtime would (an image missing).
/// </summary>
internal sealed class FakePodRuntime : IPodRuntime
{
    private readonly Lock _gate = new();
    private readonly List<FakePod> _pods = [];
    private int _running;

    /// <summary>When set, a start throws it instead.</summary>
    public PodStartException? Refuse { get; set; }

    /// <summary>Every Pod started, in order.</summary>
    public IReadOnlyList<FakePod> Pods
    {
        get
        {
            lock (_gate)
            {
                return [.. _pods];
            }
        }
    }

    /// <summary>Pods not ended yet.</summary>
    public IReadOnlyList<FakePod> Running => [.. Pods.Where(p => !p.Exited.IsCompleted)];

    /// <summary>The most Pods that ran at one time.</summary>
    public int MostRunning { get; private set; }

    public IPodProcess StartJob(PodLaunch launch) => Start(launch, url: null);

    public IPodProcess StartServer(PodLaunch launch, string url) => Start(launch, url);

    private FakePod Start(PodLaunch launch, string? url)
    {
        if (Refuse is { } refused)
        {
            throw refused;
        }

        lock (_gate)
        {
            var pod = new FakePod(launch, url, _pods.Count + 1, () =>
            {
                lock (_gate)
                {
                    _running--;
                }
            });
            _pods.Add(pod);
            _running++;
            MostRunning = Math.Max(MostRunning, _running);
            return pod;
        }
    }
}

/// <summary>One started Pod: what it was started with, and its end when the test (or the runner stopping it) decides.</summary>
internal sealed class FakePod : IPodProcess
{
    private readonly TaskCompletionSource<int> _exit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TcpListener? _server;
    private readonly Action _ended;
    private string? _message;

    public FakePod(PodLaunch launch, string? url, int id, Action ended)
    {
        Launch = launch;
        Url = url;
        Id = id;
        _ended = ended;
        if (url is not null)
        {
            _server = new TcpListener(IPAddress.Loopback, new Uri(url).Port);
            _server.Start();
            _ = AnswerAsync(_server);
        }
    }

    public PodLaunch Launch { get; }

    public string? Url { get; }

    public int Id { get; }

    public string LogPath => Launch.LogPath;

    public Task<int> Exited => _exit.Task;

    /// <summary>True when the runner stopped it (rather than the test ending it).</summary>
    public bool Stopped { get; private set; }

    /// <summary>When set, stopping it throws this (as a container runtime that does not answer), and it runs on.</summary>
    public Exception? StopFails { get; set; }

    /// <summary>Called when the runner starts to stop it, while it still answers: what the test sees then is what a client sees.</summary>
    public Action? Stopping { get; set; }

    public string? Environment(string name) => Launch.Environment.GetValueOrDefault(name);

    /// <summary>The container ends with <paramref name="exitCode"/>, leaving <paramref name="message"/> as its termination message.</summary>
    public void Exit(int exitCode, string? message = null)
    {
        _message = message;
        End(exitCode);
    }

    public V1ContainerStateTerminated Terminated(int exitCode, DateTime finishedAt) => new()
    {
        ExitCode = exitCode,
        Reason = exitCode == 0 ? "Completed" : "Error",
        FinishedAt = finishedAt,
        Message = _message,
    };

    public ValueTask DisposeAsync()
    {
        if (StopFails is { } failure)
        {
            return ValueTask.FromException(failure);
        }

        if (!_exit.Task.IsCompleted)
        {
            Stopping?.Invoke();
            Stopped = true;
        }

        End(137);
        return ValueTask.CompletedTask;
    }

    private void End(int exitCode)
    {
        if (_exit.TrySetResult(exitCode))
        {
            _server?.Stop();
            _ended();
        }
    }

    /// <summary>Answers every request with 200 and an empty body, then closes the connection.</summary>
    private static async Task AnswerAsync(TcpListener server)
    {
        var answer = Encoding.ASCII.GetBytes("HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        try
        {
            while (true)
            {
                using var client = await server.AcceptTcpClientAsync().ConfigureAwait(false);
                var stream = client.GetStream();
                var buffer = new byte[4096];
                _ = await stream.ReadAsync(buffer).ConfigureAwait(false);
                await stream.WriteAsync(answer).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException or IOException or InvalidOperationException)
        {
            // Stopped: the Pod ended.
        }
    }
}
