using System.Text.Json;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace EcommerceMl.Operator.Runtime;

/// <summary>
/// List, then watch from the list's resourceVersion, for one kind (one namespace, or all when
/// null; optionally label-selected), handing every object it sees to <paramref name="onObject"/>.
/// Bookmarks only move the resourceVersion forward; a watch that ends (server timeout, a quiet
/// close) resumes from the last resourceVersion; 410 Gone relists. Any other error — whatever its
/// type, a list slower than the client's timeout included — is retried with exponential backoff,
/// forever, like client-go's reflector, and reported to <see cref="WatchHealth"/> until the watch
/// works again. No cache: the handler only enqueues, and reconcilers read fresh.
/// </summary>
internal sealed partial class ResourceWatcher<T>(
    IKubernetes client, string? ns, string? labelSelector, Action<T> onObject, TimeProvider time, ILogger logger,
    WatchHealth? health = null, WatchBackoff? backoff = null)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ApiResource _r = ApiResource.Of<T>();
    private readonly WatchBackoff _backoff = backoff ?? WatchBackoff.Default;

    /// <summary>How the watch is named in logs and health: plural, namespace (or all), selector.</summary>
    public string Name => $"{_r.Plural} in {ns ?? "all namespaces"}{(labelSelector is null ? string.Empty : $" ({labelSelector})")}";

    /// <summary>Lists that ran (the first and every relist): how a test sees that a 410 was handled.</summary>
    public int Lists { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                if (resourceVersion is null)
                {
                    resourceVersion = await ListAsync(cancellationToken).ConfigureAwait(false);
                    Recovered(ref failures);
                }

                var expired = false;
                await foreach (var (type, obj) in WatchAsync(resourceVersion, e => expired |= e is KubernetesException { Status.Code: 410 }, cancellationToken).ConfigureAwait(false))
                {
                    var typed = KubernetesJson.Deserialize<T>(((JsonElement)obj).GetRawText());
                    resourceVersion = typed.Metadata.ResourceVersion ?? resourceVersion;
                    if (type != WatchEventType.Bookmark)
                    {
                        onObject(typed);
                    }

                    Recovered(ref failures);
                }

                // A watch that ran to its end (the server's timeout) worked, even if it saw nothing.
                Recovered(ref failures);

                if (expired)
                {
                    LogExpired(_r.Plural, resourceVersion);
                    resourceVersion = null;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.Gone)
            {
                resourceVersion = null;
            }
            catch (HttpRequestException e) when (e.InnerException is EndOfStreamException)
            {
                // The server closed a watch before sending a line: an ordinary expiry; resume from the same version.
            }
#pragma warning disable CA1031 // Every error is retried: a watch that ends on an unexpected exception leaves its controller blind.
            catch (Exception e)
#pragma warning restore CA1031
            {
                // A list slower than the client's timeout lands here too (a TaskCanceledException not of our token).
                health?.Failed(Name, e);
                var delay = _backoff.After(failures++);
                LogFailed(e, Name, delay);
                try
                {
                    await Task.Delay(delay, time, cancellationToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }
    }

    private void Recovered(ref int failures)
    {
        failures = 0;
        health?.Healthy(Name);
    }

    private async Task<string> ListAsync(CancellationToken cancellationToken)
    {
        var list = ns is null
            ? await client.CustomObjects.ListCustomObjectForAllNamespacesAsync<ObjectList<T>>(_r.Group, _r.Version, _r.Plural, labelSelector: labelSelector, cancellationToken: cancellationToken).ConfigureAwait(false)
            : await client.CustomObjects.ListNamespacedCustomObjectAsync<ObjectList<T>>(_r.Group, _r.Version, ns, _r.Plural, labelSelector: labelSelector, cancellationToken: cancellationToken).ConfigureAwait(false);
        Lists++;
        foreach (var item in list.Items)
        {
            onObject(item);
        }

        return list.Metadata?.ResourceVersion ?? "0";
    }

    private IAsyncEnumerable<(WatchEventType, object)> WatchAsync(string resourceVersion, Action<Exception> onError, CancellationToken cancellationToken) =>
        ns is null
            ? client.CustomObjects.WatchListCustomObjectForAllNamespacesAsync(_r.Group, _r.Version, _r.Plural, allowWatchBookmarks: true,
                labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: 300, onError: onError, cancellationToken: cancellationToken)
            : client.CustomObjects.WatchListNamespacedCustomObjectAsync(_r.Group, _r.Version, ns, _r.Plural, allowWatchBookmarks: true,
                labelSelector: labelSelector, resourceVersion: resourceVersion, timeoutSeconds: 300, onError: onError, cancellationToken: cancellationToken);

    [LoggerMessage(Level = LogLevel.Information, Message = "Watch of {Plural} expired at resourceVersion {ResourceVersion}; relisting")]
    private partial void LogExpired(string plural, string? resourceVersion);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Watch} failed; retrying in {Delay}")]
    private partial void LogFailed(Exception e, string watch, TimeSpan delay);
}

/// <summary>The pause after the n-th consecutive failure of a watch: <c>first × 2^n</c>, at most <c>max</c> (client-go's reflector: 800 ms to 30 s).</summary>
internal sealed record WatchBackoff(TimeSpan First, TimeSpan Max)
{
    public static WatchBackoff Default { get; } = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(30));

    public TimeSpan After(int failuresBefore) =>
        TimeSpan.FromTicks((long)Math.Min(Max.Ticks, First.Ticks * Math.Pow(2, Math.Min(failuresBefore, 30))));
}
