using System.Globalization;
using System.Net;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace EcommerceMl.Artifacts;

/// <summary>A multipart upload as the server lists it.</summary>
/// <param name="Key">The object key it would create.</param>
/// <param name="Initiated">When it was started, as the server says; null when the server's date could not be read.</param>
internal sealed record MultipartUpload(string Key, DateTimeOffset? Initiated);

/// <summary>
/// The S3 calls the store's garbage collection makes on unfinished multipart uploads: the seam tests put a fake behind.
/// </summary>
internal interface IS3MultipartUploads
{
    /// <summary>The unfinished uploads of keys starting with <paramref name="keyPrefix"/>; null when the server does not implement listing them.</summary>
    Task<IReadOnlyList<MultipartUpload>?> ListAsync(string bucket, string keyPrefix, CancellationToken cancellationToken);

    /// <summary>Aborts every unfinished upload of <paramref name="key"/> (its parts are deleted); none left is no error.</summary>
    Task AbortAllAsync(string bucket, string key, CancellationToken cancellationToken);
}

/// <summary>
/// <see cref="IS3MultipartUploads"/> through the Minio client (7.0.0): <c>ListIncompleteUploadsEnumAsync</c> (ListMultipartUploads,
/// paged) and <c>RemoveIncompleteUploadAsync</c>, which aborts <em>every</em> upload of a key — aborting one upload by its
/// id is private in this SDK, so callers must be sure every upload of the key is abandoned.
/// </summary>
internal sealed class MinioMultipartUploads(IMinioClient client) : IS3MultipartUploads
{
    public async Task<IReadOnlyList<MultipartUpload>?> ListAsync(string bucket, string keyPrefix, CancellationToken cancellationToken)
    {
        var args = new ListIncompleteUploadsArgs().WithBucket(bucket).WithPrefix(keyPrefix).WithRecursive(true);
        var uploads = new List<MultipartUpload>();
        try
        {
            await foreach (var upload in client.ListIncompleteUploadsEnumAsync(args, cancellationToken).ConfigureAwait(false))
            {
                uploads.Add(new MultipartUpload(upload.Key, ParseInitiated(upload.Initiated)));
            }
        }
        catch (Exception ex) when (ServerLacksTheCall(ex))
        {
            // A test server (s3rver) answers 501 NotImplemented: it cannot list them, and cannot abort them either.
            return null;
        }
        catch (Exception ex) when (ex is BucketNotFoundException || (ex is MinioException minio && minio.Response?.Code == "NoSuchBucket"))
        {
            // No bucket yet: nothing was ever uploaded.
        }
        catch (Exception ex) when (IsAccessDenied(ex))
        {
            throw Refused($"list the unfinished multipart uploads of bucket '{bucket}' under '{keyPrefix}'", "s3:ListBucketMultipartUploads on the bucket", ex);
        }

        return uploads;
    }

    public async Task AbortAllAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        try
        {
            await client.RemoveIncompleteUploadAsync(new RemoveIncompleteUploadArgs().WithBucket(bucket).WithObject(key), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is MinioException minio && minio.Response?.Code == "NoSuchUpload")
        {
            // Gone already: an abort the server applied before its answer was lost (the retry's 404), or another gc's.
        }
        catch (Exception ex) when (IsAccessDenied(ex))
        {
            throw Refused($"abort the unfinished multipart uploads of '{key}' in bucket '{bucket}'", "s3:AbortMultipartUpload on the objects under the store's prefix", ex);
        }
    }

    private static UnauthorizedAccessException Refused(string what, string permission, Exception inner) =>
        new($"The store's S3 identity may not {what} (AccessDenied): a store gc needs {permission}.", inner);

    private static bool IsAccessDenied(Exception ex) =>
        ex is AccessDeniedException || (ex is MinioException minio && minio.Response?.Code == "AccessDenied");

    /// <summary>S3's <c>Initiated</c> is ISO 8601 in UTC (<c>2026-12-06T19:40:50.000Z</c>); anything else is no date.</summary>
    internal static DateTimeOffset? ParseInitiated(string? initiated) =>
        DateTimeOffset.TryParse(initiated, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var at) ? at : null;

    /// <summary>
    /// The S3 server does not offer the multipart-upload calls (s3rver answers 501 NotImplemented, which Minio 7.0.0
    /// raises as <see cref="NotImplementedException"/>; others answer 405): such a server keeps no unfinished upload to abort.
    /// </summary>
    private static bool ServerLacksTheCall(Exception ex) =>
        ex is NotImplementedException
        || (ex is MinioException minio && (minio.Response?.Code is "NotImplemented"
            || minio.ServerResponse?.StatusCode is HttpStatusCode.NotImplemented or HttpStatusCode.MethodNotAllowed));
}
