using System.ComponentModel;
using System.Diagnostics;
using System.Globalization;
using Minio;

namespace EcommerceMl.Artifacts.Tests.Support;

/// <summary>
/// A second real S3 server, for what s3rver does not implement: moto's server (<c>moto_server</c>, Python's moto, on the
/// machine image) on 127.0.0.1 and a free port, stopped with its process tree when the tests are done. It lists and
/// aborts unfinished multipart uploads (ListMultipartUploads, AbortMultipartUpload), which s3rver answers 501/405.
/// When it is not installed its tests skip, or fail when the CI variable is set (CI must not silently lose them).
/// </summary>
public sealed class MotoS3Fixture : IAsyncLifetime
{
    private const string Command = "moto_server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    private Process? _process;

    /// <summary>Why the server is not there, or null when it runs.</summary>
    public string? UnavailableReason { get; private set; }

    public S3Settings Settings { get; private set; } = null!;

    /// <summary>A client of its own, for looking behind the store's back.</summary>
    public IMinioClient Client { get; private set; } = null!;

    /// <summary>Skips the calling test when moto is not installed; fails it instead on CI.</summary>
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
        if (Find() is not { } command)
        {
            UnavailableReason = $"{Command} is not on PATH nor in ~/.pyenv; it comes with Python's moto (pip package moto[server])";
            return;
        }

        var port = S3rverFixture.FreePort();
        var info = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[] { "-H", "127.0.0.1", "-p", port.ToString(CultureInfo.InvariantCulture) })
        {
            info.ArgumentList.Add(arg);
        }

        try
        {
            _process = Process.Start(info)!;
        }
        catch (Win32Exception ex)
        {
            UnavailableReason = $"cannot start {Command} ({ex.Message}); it comes with Python's moto (pip package moto[server])";
            return;
        }

        // Its log is not needed, but an unread pipe that fills up would stop it.
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var endpoint = new Uri($"http://127.0.0.1:{port}");
        await WaitUntilAnswering(endpoint);
        Settings = new S3Settings { Endpoint = endpoint, AccessKey = "moto", SecretKey = "moto-secret" };
        Client = new MinioClient().WithEndpoint(endpoint.Host, endpoint.Port).WithCredentials(Settings.AccessKey, Settings.SecretKey).WithRegion(S3Settings.DefaultRegion).Build();
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
    }

    /// <summary>
    /// On PATH, or where pyenv installs it: CI's shell reads no ~/.bashrc, which is what puts pyenv's shims on PATH.
    /// </summary>
    private static string? Find()
    {
        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        var pyenv = Environment.GetEnvironmentVariable("PYENV_ROOT") is { Length: > 0 } root ? root : Path.Combine(home, ".pyenv");
        var versions = Path.Combine(pyenv, "versions");
        var candidates = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Append(Path.Combine(pyenv, "shims"))
            .Concat(Directory.Exists(versions) ? Directory.GetDirectories(versions).Order(StringComparer.Ordinal).Select(v => Path.Combine(v, "bin")) : []);
        return candidates.Select(folder => Path.Combine(folder, Command)).FirstOrDefault(File.Exists);
    }

    private async Task WaitUntilAnswering(Uri endpoint)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process!.HasExited)
            {
                throw new InvalidOperationException($"{Command} exited with code {_process.ExitCode} before answering on {endpoint}");
            }

            try
            {
                using var response = await http.GetAsync(endpoint);
                return;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                await Task.Delay(100);
            }
        }

        throw new InvalidOperationException($"{Command} did not answer on {endpoint} within {StartTimeout.TotalSeconds} s");
    }
}
