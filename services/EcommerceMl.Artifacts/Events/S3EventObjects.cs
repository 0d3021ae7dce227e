using EcommerceMl.Contracts.Events;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace EcommerceMl.Artifacts.Events;

/// <summary>
/// Event objects in an S3 bucket under the store's prefix. One PUT per object: S3 shows an object only once its
/// upload completed, so a writer killed mid-upload leaves nothing visible.
/// </summary>
public sealed class S3EventObjects(IMinioClient client, S3Location location) : IEventObjects
{
    private volatile bool _bucketReady;

    public string Location => location.ToString();

    public async Task PutAsync(string path, byte[] bytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        using var data = new MemoryStream(bytes, writable: false);
        var args = new PutObjectArgs()
            .WithBucket(location.Bucket)
            .WithObject(Key(path))
            .WithStreamData(data)
            .WithObjectSize(bytes.Length)
            .WithContentType(EventSinkLayout.ContentTypeOf(path));
        await client.PutObjectAsync(args, cancellationToken).ConfigureAwait(false);
    }

    public async Task<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken = default)
    {
        var paths = new List<string>();
        await foreach (var (path, isDir) in ListRawAsync(folder, recursive: true, cancellationToken).ConfigureAwait(false))
        {
            if (!isDir && path.EndsWith(EventSinkLayout.Extension, StringComparison.Ordinal))
            {
                paths.Add(path);
            }
        }

        paths.Sort(StringComparer.Ordinal);
        return paths;
    }

    /// <remarks>
    /// From a recursive listing (not a delimiter listing, which S3-compatible servers answer unevenly): one LIST page
    /// per thousand objects, paid once an hour by retention.
    /// </remarks>
    public async Task<IReadOnlyList<string>> ListFoldersAsync(string folder, CancellationToken cancellationToken = default)
    {
        var parent = folder.TrimEnd('/') + "/";
        var folders = new SortedSet<string>(StringComparer.Ordinal);
        await foreach (var (path, isDir) in ListRawAsync(folder, recursive: true, cancellationToken).ConfigureAwait(false))
        {
            var end = path.IndexOf('/', parent.Length);
            if (!isDir && end > parent.Length)
            {
                folders.Add(path[..end]);
            }
        }

        return [.. folders];
    }

    public async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        try
        {
            var args = new GetObjectArgs()
                .WithBucket(location.Bucket)
                .WithObject(Key(path))
                .WithCallbackStream((stream, ct) => stream.CopyToAsync(buffer, ct));
            await client.GetObjectAsync(args, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsNotFound(ex))
        {
            return null;
        }

        return buffer.ToArray();
    }

    public async Task DeleteFolderAsync(string folder, CancellationToken cancellationToken = default)
    {
        var keys = new List<string>();
        await foreach (var (path, isDir) in ListRawAsync(folder, recursive: true, cancellationToken).ConfigureAwait(false))
        {
            if (!isDir)
            {
                keys.Add(path);
            }
        }

        foreach (var path in keys)
        {
            await client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(location.Bucket).WithObject(Key(path)), cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Keys under a folder, relative to the store's prefix; nothing when the bucket does not exist yet.</summary>
    private async IAsyncEnumerable<(string Path, bool IsDir)> ListRawAsync(
        string folder, bool recursive, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var root = location.Prefix.Length == 0 ? "" : location.Prefix + "/";
        var args = new ListObjectsArgs().WithBucket(location.Bucket).WithPrefix(Key(folder).TrimEnd('/') + "/").WithRecursive(recursive);
        var items = new List<(string, bool)>();
        try
        {
            await foreach (var item in client.ListObjectsEnumAsync(args, cancellationToken).ConfigureAwait(false))
            {
                if (item.Key.StartsWith(root, StringComparison.Ordinal))
                {
                    items.Add((item.Key[root.Length..], item.IsDir));
                }
            }
        }
        catch (Exception ex) when (IsNotFound(ex))
        {
            yield break;
        }

        foreach (var item in items)
        {
            yield return item;
        }
    }

    private async Task EnsureBucketAsync(CancellationToken cancellationToken)
    {
        if (_bucketReady)
        {
            return;
        }

        if (!await S3Buckets.ExistsAsync(client, location.Bucket, cancellationToken).ConfigureAwait(false))
        {
            await S3Buckets.CreateAsync(client, location.Bucket, cancellationToken).ConfigureAwait(false);
        }

        _bucketReady = true;
    }

    private string Key(string path) => location.Prefix.Length == 0 ? path : $"{location.Prefix}/{path}";

    private static bool IsNotFound(Exception ex) =>
        ex is ObjectNotFoundException or BucketNotFoundException
        || (ex is MinioException minio && minio.Response?.Code is "NoSuchKey" or "NoSuchBucket");
}
