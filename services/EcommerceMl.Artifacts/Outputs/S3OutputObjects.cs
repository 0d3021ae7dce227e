using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace EcommerceMl.Artifacts.Outputs;

/// <summary>
/// Output objects in an S3 bucket under a prefix. One PUT per object (a multipart upload for a large part, which
/// S3 also shows only once completed): a writer killed mid-upload leaves the previous object, or none, visible.
/// A PUT over an existing key replaces it whole.
/// </summary>
public sealed class S3OutputObjects(IMinioClient client, S3Location location) : IOutputObjects
{
    private volatile bool _bucketReady;

    public string Location => location.ToString();

    public async Task PutFileAsync(string path, string localFile, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(localFile);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        var stream = new FileStream(localFile, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        await using (stream.ConfigureAwait(false))
        {
            await PutStreamAsync(path, stream, stream.Length, cancellationToken).ConfigureAwait(false);
        }
    }

    public async Task PutAsync(string path, byte[] bytes, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        await EnsureBucketAsync(cancellationToken).ConfigureAwait(false);
        using var data = new MemoryStream(bytes, writable: false);
        await PutStreamAsync(path, data, bytes.Length, cancellationToken).ConfigureAwait(false);
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

    public async Task<IReadOnlyList<string>> ListAsync(string folder, CancellationToken cancellationToken = default)
    {
        var root = location.Prefix.Length == 0 ? "" : location.Prefix + "/";
        var folderKey = Key(OutputPaths.Check(folder));
        var args = new ListObjectsArgs().WithBucket(location.Bucket).WithPrefix(folderKey.Length == 0 ? "" : folderKey + "/").WithRecursive(true);
        var paths = new List<string>();
        try
        {
            await foreach (var item in client.ListObjectsEnumAsync(args, cancellationToken).ConfigureAwait(false))
            {
                if (!item.IsDir && item.Key.StartsWith(root, StringComparison.Ordinal))
                {
                    paths.Add(item.Key[root.Length..]);
                }
            }
        }
        catch (Exception ex) when (IsNotFound(ex))
        {
            return [];
        }

        paths.Sort(StringComparer.Ordinal);
        return paths;
    }

    public async Task DeleteAsync(string path, CancellationToken cancellationToken = default)
    {
        try
        {
            await client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(location.Bucket).WithObject(Key(path)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsNotFound(ex))
        {
            // Gone already: what was asked.
        }
    }

    private async Task PutStreamAsync(string path, Stream data, long size, CancellationToken cancellationToken)
    {
        var args = new PutObjectArgs()
            .WithBucket(location.Bucket)
            .WithObject(Key(path))
            .WithStreamData(data)
            .WithObjectSize(size)
            .WithContentType(ContentType(path));
        await client.PutObjectAsync(args, cancellationToken).ConfigureAwait(false);
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

    private static string ContentType(string path) =>
        path.EndsWith(".gz", StringComparison.Ordinal) ? "application/gzip"
        : path.EndsWith(".json", StringComparison.Ordinal) ? "application/json"
        : "text/plain";

    private string Key(string path)
    {
        var checkedPath = OutputPaths.Check(path);
        return location.Prefix.Length == 0 ? checkedPath : checkedPath.Length == 0 ? location.Prefix : $"{location.Prefix}/{checkedPath}";
    }

    private static bool IsNotFound(Exception ex) =>
        ex is ObjectNotFoundException or BucketNotFoundException
        || (ex is MinioException minio && minio.Response?.Code is "NoSuchKey" or "NoSuchBucket");
}
