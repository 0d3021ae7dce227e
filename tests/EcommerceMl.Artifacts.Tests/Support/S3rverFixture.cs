using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Minio;

namespace EcommerceMl.Artifacts.Tests.Support;

/// <summary>
/// A real S3 server for the tests: s3rver from <c>&lt;repo&gt;/.tools/s3rver</c> (installed and
/// patched by scripts/install-s3rver.sh) on 127.0.0.1, a free port and a temp folder; stopped,
/// with its process tree, when the tests are done. When it is not installed the S3 tests skip,
/// or fail when the CI variable is set (CI must not silently lose them).
/// </summary>
public sealed class S3rverFixture : IAsyncLifetime
{
    public const string AccessKey = "S3RVER";
    public const string SecretKey = "S3RVER";
    private const string InstallHint = "run scripts/install-s3rver.sh";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly StringBuilder _output = new();
    private Process? _process;
    private string? _dataDirectory;

    /// <summary>Why the server is not there, or null when it runs.</summary>
    public string? UnavailableReason { get; private set; }

    public S3Settings Settings { get; private set; } = null!;

    /// <summary>A client of its own, for the tests that write objects behind the store's back.</summary>
    public IMinioClient Client { get; private set; } = null!;

    /// <summary>Skips the calling test when s3rver is not installed; fails it instead on CI.</summary>
    public void RequireServer()
    {
        if (UnavailableReason is null)
        {
            return;
        }

        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail($"{UnavailableReason} (CI is set, so S3 tests may not be skipped)");
        }

        Assert.Skip(UnavailableReason);
    }

    public async ValueTask InitializeAsync()
    {
        var packageDir = Path.Combine(RepoRoot.Find(), ".tools", "s3rver", "node_modules", "s3rver");
        var script = Path.Combine(packageDir, "bin", "s3rver.js");
        if (!File.Exists(script))
        {
            UnavailableReason = $"s3rver is not installed at {packageDir}; {InstallHint}";
            return;
        }

        if (Directory.EnumerateFiles(Path.Combine(packageDir, "lib", "controllers"), "*.js")
            .Any(file => File.ReadAllText(file).Contains("doc.s3.amazonaws.com/2006-03-01", StringComparison.Ordinal)))
        {
            UnavailableReason = $"s3rver at {packageDir} lacks the ListObjects XML-namespace fix; {InstallHint}";
            return;
        }

        _dataDirectory = Directory.CreateTempSubdirectory("ecml-s3rver-").FullName;
        Uri? endpoint = null;
        // The free port is only free until s3rver binds it; if another process wins, try another.
        for (var attempt = 1; endpoint is null; attempt++)
        {
            var port = FreePort();
            try
            {
                _process = Start(script, port);
            }
            catch (Win32Exception ex)
            {
                UnavailableReason = $"cannot start node to run s3rver ({ex.Message}); install Node.js and {InstallHint}";
                return;
            }

            var candidate = new Uri($"http://127.0.0.1:{port}");
            if (await WaitUntilAnswering(candidate))
            {
                endpoint = candidate;
            }
            else if (attempt == 3)
            {
                throw new InvalidOperationException($"s3rver exited with code {_process.ExitCode} before answering, 3 times: {Output()}");
            }
            else
            {
                _process.Dispose();
            }
        }

        Settings = new S3Settings { Endpoint = endpoint, AccessKey = AccessKey, SecretKey = SecretKey };
        Client = new MinioClient().WithEndpoint(endpoint.Host, endpoint.Port).WithCredentials(AccessKey, SecretKey).WithRegion(S3Settings.DefaultRegion).Build();
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_process is not null)
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }

            _process.Dispose();
        }

        if (_dataDirectory is not null && Directory.Exists(_dataDirectory))
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
    }

    private Process Start(string script, int port)
    {
        var info = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { script, "-d", _dataDirectory!, "-a", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--silent" })
        {
            info.ArgumentList.Add(arg);
        }

        var started = new Process { StartInfo = info };
        started.OutputDataReceived += (_, e) => Record(e.Data);
        started.ErrorDataReceived += (_, e) => Record(e.Data);
        started.Start();
        started.BeginOutputReadLine();
        started.BeginErrorReadLine();
        return started;
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    /// <summary>True once s3rver answers; false when it exited first (e.g. the port was taken).</summary>
    private async Task<bool> WaitUntilAnswering(Uri endpoint)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                return false;
            }

            try
            {
                // Any HTTP answer (s3rver lists buckets at /) means it is serving.
                using var response = await http.GetAsync(endpoint);
                return true;
            }
            catch (HttpRequestException)
            {
                await Task.Delay(100);
            }
            catch (TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"s3rver did not answer on {endpoint} within {StartTimeout.TotalSeconds} s: {Output()}");
    }

    private string Output()
    {
        lock (_output)
        {
            return _output.Length == 0 ? "(no _output)" : _output.ToString();
        }
    }

    internal static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
