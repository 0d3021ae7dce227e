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
/// close) resumes from the last resourceVersion; 410 Gone relists. No cache: the handler only
/// enqueues, and reconcilers read fresh.
/// </summary>
internal sealed partial class ResourceWatcher<T>(
    IKubernetes client, string? ns, string? labelSelector, Action<T> onObject, TimeProvider time, ILogger logger)
    where T : class, IKubernetesObject<V1ObjectMeta>
{
    private static readonly TimeSpan ErrorPause = TimeSpan.FromSeconds(2);
    private readonly ApiResource _r = ApiResource.Of<T>();

    /// <summary>Lists that ran (the first and every relist): how a test sees that a 410 was handled.</summary>
    public int Lists { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        string? resourceVersion = null;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                resourceVersion ??= await ListAsync(cancellationToken).ConfigureAwait(false);
                var expired = false;
                await foreach (var (type, obj) in WatchAsync(resourceVersion, e => expired |= e is KubernetesException { Status.Code: 410 }, cancellationToken).ConfigureAwait(false))
                {
                    var typed = KubernetesJson.Deserialize<T>(((JsonElement)obj).GetRawText());
                    resourceVersion = typed.Metadata.ResourceVersion ?? resourceVersion;
                    if (type != WatchEventType.Bookmark)
                    {
                        onObject(typed);
                    }
                }

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
            catch (Exception e) when (e is HttpOperationException or HttpRequestException or JsonException or IOException)
            {
                LogFailed(e, _r.Plural);
                await Task.Delay(ErrorPause, time, cancellationToken).ConfigureAwait(false);
            }
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watch of {Plural} failed; retrying")]
    private partial void LogFailed(Exception e, string plural);
}
