using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace EcommerceMl.Artifacts;

/// <summary>The bucket checks the S3 model store, event objects and output objects share.</summary>
internal static class S3Buckets
{
    public static Task<bool> ExistsAsync(IMinioClient client, string bucket, CancellationToken cancellationToken) =>
        client.BucketExistsAsync(new BucketExistsArgs().WithBucket(bucket), cancellationToken);

    /// <summary>Creates the bucket; another writer creating it first (the refusal that race gives) is what we wanted.</summary>
    public static async Task CreateAsync(IMinioClient client, string bucket, CancellationToken cancellationToken)
    {
        try
        {
            await client.MakeBucketAsync(new MakeBucketArgs().WithBucket(bucket), cancellationToken).ConfigureAwait(false);
        }
        catch (MinioException)
        {
            if (!await ExistsAsync(client, bucket, cancellationToken).ConfigureAwait(false))
            {
                throw;
            }
        }
    }
}
