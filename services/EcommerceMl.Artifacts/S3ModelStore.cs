using System.Collections.Concurrent;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace EcommerceMl.Artifacts;

/// <summary>
/// The model store in an S3 bucket (MinIO in the chart), keys <c>{prefix}/models/{model}/versions/{version}/{file}</c>.
/// Files are uploaded first and the manifest last; a single PUT is atomic in S3, so a reader sees
/// the manifest whole or not at all. Objects are always read whole: ranged GETs are broken in
/// Minio SDK 7.0.0. Create-only writes (the publish claim, the manifest) are conditional PUTs
/// (<c>If-None-Match: *</c>, honoured by AWS S3 since 2024 and by MinIO: 412 when the key exists),
/// and read back afterwards, so a server that ignores the header narrows the race to the moment
/// between two PUTs instead of the whole publish.
/// </summary>
public sealed class S3ModelStore : VersionedModelStore
{
    // One Minio client (and so one HttpClient) per server and identity for the whole process:
    // stores are opened freely and never disposed, sockets should not pile up.
    private static readonly ConcurrentDictionary<(Uri Endpoint, string AccessKey, string SecretKey, string Region), IMinioClient> Clients = new();

    private readonly IMinioClient _client;
    private readonly IS3MultipartUploads _uploads;
    private readonly bool _createBucketIfMissing;
    private volatile bool _bucketReady;

    public S3ModelStore(IMinioClient client, S3Location location, bool createBucketIfMissing = true)
        : this(client, location, new MinioMultipartUploads(client), createBucketIfMissing)
    {
    }

    /// <param name="uploads">The unfinished multipart upload calls (tests put a fake here).</param>
    internal S3ModelStore(IMinioClient client, S3Location location, IS3MultipartUploads uploads, bool createBucketIfMissing = true)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(uploads);
        _client = client;
        S3 = location;
        _uploads = uploads;
        _createBucketIfMissing = createBucketIfMissing;
    }

    public S3Location S3 { get; }

    /// <summary>The client this store talks through; the event sink shares it (<see cref="Events.EventObjectStores"/>).</summary>
    internal IMinioClient Client => _client;

    public override string Location => S3.ToString();

    /// <summary>Connects to the server in <paramref name="settings"/>; nothing is sent until the first call.</summary>
    public static S3ModelStore Create(S3Location location, S3Settings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        var client = Clients.GetOrAdd((settings.Endpoint, settings.AccessKey, settings.SecretKey, settings.Region), _ => S3Clients.Create(settings));
        return new S3ModelStore(client, location, settings.CreateBucketIfMissing);
    }

    protected override async Task<byte[]?> ReadAsync(string path, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        try
        {
            var args = new GetObjectArgs()
                .WithBucket(S3.Bucket)
                .WithObject(Key(path))
                .WithCallbackStream((stream, ct) => stream.CopyToAsync(buffer, ct));
            await _client.GetObjectAsync(args, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsNotFound(ex))
        {
            return null;
        }

        return buffer.ToArray();
    }

    protected override async Task<bool> ExistsAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            var args = new StatObjectArgs().WithBucket(S3.Bucket).WithObject(Key(path));
            await _client.StatObjectAsync(args, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (IsNotFound(ex))
        {
            return false;
        }
    }

    protected override Task WriteFileAsync(string path, byte[] bytes, CancellationToken cancellationToken) =>
        PutAsync(path, bytes, "application/octet-stream", cancellationToken);

    protected override async Task<bool> TryWriteManifestAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        if (await ExistsAsync(path, cancellationToken).ConfigureAwait(false))
        {
            return false;
        }

        try
        {
            await PutAsync(path, bytes, "application/json", cancellationToken, ifNoneMatch: true).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsPreconditionFailed(ex))
        {
            // The key exists: usually another writer's, but it is this one's when the server applied the first PUT and
            // its answer was lost (a 500, a dropped connection), so the retry found the key. The read-back tells which.
        }

        // A server that ignores If-None-Match let the PUT replace what another writer put there a moment before: the
        // read-back shows whose object stands (the later PUT's), so at most one writer goes on believing it created it.
        return await ReadAsync(path, cancellationToken).ConfigureAwait(false) is { } stored && stored.AsSpan().SequenceEqual(bytes);
    }

    protected override async Task<IReadOnlyList<StoredObject>> ListObjectsBelowAsync(string folder, CancellationToken cancellationToken)
    {
        var rootPrefix = Key(string.Empty);
        var args = new ListObjectsArgs().WithBucket(S3.Bucket).WithPrefix(Key(folder) + "/").WithRecursive(true);
        var objects = new List<StoredObject>();
        try
        {
            await foreach (var item in _client.ListObjectsEnumAsync(args, cancellationToken).ConfigureAwait(false))
            {
                if (!item.IsDir && item.Key.StartsWith(rootPrefix, StringComparison.Ordinal))
                {
                    var modified = item.LastModifiedDateTime is { } at ? new DateTimeOffset(DateTime.SpecifyKind(at, DateTimeKind.Utc)) : DateTimeOffset.MinValue;
                    objects.Add(new StoredObject(item.Key[rootPrefix.Length..], modified));
                }
            }
        }
        catch (Exception ex) when (IsNotFound(ex))
        {
            // No bucket yet: nothing stored.
        }

        return objects;
    }

    protected override async Task DeleteAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            // S3 answers a delete of a missing key with success, so a repeated delete is no error.
            await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(S3.Bucket).WithObject(Key(path)), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (IsNotFound(ex))
        {
            // No bucket: nothing to delete.
        }
    }

    protected override async Task DeleteFolderAsync(string folder, CancellationToken cancellationToken)
    {
        var args = new ListObjectsArgs().WithBucket(S3.Bucket).WithPrefix(Key(folder) + "/").WithRecursive(true);
        var keys = new List<string>();
        try
        {
            await foreach (var item in _client.ListObjectsEnumAsync(args, cancellationToken).ConfigureAwait(false))
            {
                if (!item.IsDir)
                {
                    keys.Add(item.Key);
                }
            }
        }
        catch (Exception ex) when (IsNotFound(ex))
        {
            return;
        }

        // One request per key: a version holds a handful of files, and every S3 server supports it.
        foreach (var key in keys)
        {
            await _client.RemoveObjectAsync(new RemoveObjectArgs().WithBucket(S3.Bucket).WithObject(key), cancellationToken).ConfigureAwait(false);
        }
    }

    protected override async Task<IReadOnlyList<string>> ListFilePathsAsync(string folder, string suffix, CancellationToken cancellationToken)
    {
        var keyPrefix = Key(folder) + "/";
        var rootPrefix = Key(string.Empty);
        var args = new ListObjectsArgs().WithBucket(S3.Bucket).WithPrefix(keyPrefix).WithRecursive(false);
        var paths = new List<string>();
        try
        {
            await foreach (var item in _client.ListObjectsEnumAsync(args, cancellationToken).ConfigureAwait(false))
            {
                if (!item.IsDir && item.Key.StartsWith(rootPrefix, StringComparison.Ordinal) && item.Key.EndsWith(suffix, StringComparison.Ordinal))
                {
                    paths.Add(item.Key[rootPrefix.Length..]);
                }
            }
        }
        catch (Exception ex) when (IsNotFound(ex))
        {
            // No bucket yet: nothing stored.
        }

        return paths;
    }

    protected override async Task<IReadOnlyList<string>> ListManifestPathsAsync(string folder, CancellationToken cancellationToken)
    {
        var keyPrefix = Key(folder) + "/";
        var rootPrefix = Key(string.Empty);
        var args = new ListObjectsArgs().WithBucket(S3.Bucket).WithPrefix(keyPrefix).WithRecursive(true);
        var paths = new List<string>();
        try
        {
            await foreach (var item in _client.ListObjectsEnumAsync(args, cancellationToken).ConfigureAwait(false))
            {
                if (!item.IsDir && item.Key.StartsWith(rootPrefix, StringComparison.Ordinal)
                    && item.Key.EndsWith("/" + ModelManifest.FileName, StringComparison.Ordinal))
                {
                    paths.Add(item.Key[rootPrefix.Length..]);
                }
            }
        }
        catch (Exception ex) when (IsNotFound(ex))
        {
            // No bucket yet: no models yet.
        }

        return paths;
    }

    /// <summary>
    /// Listed under the store's prefix, so the gc aborts only what this store (its models, its event sink, outputs kept
    /// inside it) left; a store at a bucket's root takes the bucket's. A server that cannot list them (s3rver answers
    /// 501 NotImplemented) has none this store could abort: none are listed.
    /// </summary>
    protected override async Task<IReadOnlyList<UnfinishedUpload>> ListUnfinishedUploadsAsync(string pathPrefix, CancellationToken cancellationToken)
    {
        var rootPrefix = Key(string.Empty);
        var uploads = await _uploads.ListAsync(S3.Bucket, rootPrefix + pathPrefix, cancellationToken).ConfigureAwait(false) ?? [];
        return uploads
            .Where(u => u.Key.StartsWith(rootPrefix, StringComparison.Ordinal))
            .Select(u => new UnfinishedUpload(u.Key[rootPrefix.Length..], u.Initiated))
            .ToList();
    }

    protected override Task AbortUnfinishedUploadsAsync(string path, CancellationToken cancellationToken) =>
        _uploads.AbortAllAsync(S3.Bucket, Key(path), cancellationToken);

    protected override async Task PrepareForWriteAsync(CancellationToken cancellationToken)
    {
        if (_bucketReady)
        {
            return;
        }

        if (!await S3Buckets.ExistsAsync(_client, S3.Bucket, cancellationToken).ConfigureAwait(false))
        {
            if (!_createBucketIfMissing)
            {
                throw new InvalidOperationException(
                    $"Bucket '{S3.Bucket}' of model store {Location} does not exist, and creating it is turned off (S3Settings.CreateBucketIfMissing).");
            }

            await S3Buckets.CreateAsync(_client, S3.Bucket, cancellationToken).ConfigureAwait(false);
        }

        _bucketReady = true;
    }

    private async Task PutAsync(string path, byte[] bytes, string contentType, CancellationToken cancellationToken, bool ifNoneMatch = false)
    {
        using var data = new MemoryStream(bytes, writable: false);
        var args = new PutObjectArgs()
            .WithBucket(S3.Bucket)
            .WithObject(Key(path))
            .WithStreamData(data)
            .WithObjectSize(bytes.Length)
            .WithContentType(contentType);
        if (ifNoneMatch)
        {
            // Sent as If-None-Match: *: the server refuses (412) to replace an existing key.
            args = args.WithNotMatchETag("*");
        }

        await _client.PutObjectAsync(args, cancellationToken).ConfigureAwait(false);
    }

    private string Key(string path) => S3.Prefix.Length == 0 ? path : $"{S3.Prefix}/{path}";

    private static bool IsPreconditionFailed(Exception ex) =>
        ex is PreconditionFailedException
        // 409 ConditionalRequestConflict: AWS S3's answer while another create-only PUT of the key is in flight.
        || (ex is MinioException minio && (minio.Response?.Code is "PreconditionFailed" or "ConditionalRequestConflict"
            || minio.ServerResponse?.StatusCode is System.Net.HttpStatusCode.PreconditionFailed));

    private static bool IsNotFound(Exception ex) =>
        ex is ObjectNotFoundException or BucketNotFoundException
        || (ex is MinioException minio && minio.Response?.Code is "NoSuchKey" or "NoSuchBucket");
}
