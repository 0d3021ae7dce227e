using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;
using Minio;
using Minio.DataModel.Args;
using Minio.Exceptions;

namespace EcommerceMl.Trainer;

/// <summary>
/// A prefix of canonical shop CSV files in S3 as a data source: <c>s3://bucket/prefix</c> holding customers.csv,
/// products.csv, orders.csv, order_items.csv and optionally events.csv — what <c>ecml generate</c> writes, uploaded.
/// Read with the model store's S3 settings (<see cref="S3Settings"/>: ECML_S3_ENDPOINT, AWS_ACCESS_KEY_ID,
/// AWS_SECRET_ACCESS_KEY, AWS_REGION). The objects are streamed to a temporary folder (never held in memory whole)
/// and read by the CSV reader, so the checks are a local folder's; errors name the objects, not the temporary files.
/// </summary>
public static class S3ShopSource
{
    private static readonly string[] Files =
        [ShopCsvFormat.CustomersFile, ShopCsvFormat.ProductsFile, ShopCsvFormat.OrdersFile, ShopCsvFormat.OrderItemsFile, ShopCsvFormat.EventsFile];

    public static bool IsSpec(string? spec) => spec?.TrimStart().StartsWith(S3Location.Scheme, StringComparison.OrdinalIgnoreCase) == true;

    /// <param name="settings">The server; null reads the environment, as the store does.</param>
    public static ShopDataLoadResult Load(string spec, S3Settings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var location = S3Location.Parse(spec.Trim());
        settings ??= S3Settings.FromEnvironment();
        settings.Validate();
        var folder = Directory.CreateTempSubdirectory("ecml-s3-data-").FullName;
        try
        {
            using var client = S3Clients.Create(settings);

            // The trainer's data seam is synchronous (a console process with no synchronisation context).
            DownloadAsync(client, location, folder, CancellationToken.None).GetAwaiter().GetResult();
            ShopDataLoadResult loaded;
            try
            {
                loaded = ShopDataSources.LoadWithReport(folder);
            }
            catch (ShopDataValidationException e)
            {
                throw new ShopDataValidationException(location.ToString(), [.. e.Errors.Select(error => error with { Path = ObjectOf(location, error.Path) })]);
            }

            var data = loaded.Data;
            return loaded with { Data = new ShopData(location.ToString(), data.Customers, data.Products, data.Orders, data.OrderItems, data.Events) };
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    /// <summary>Each file that exists under the prefix; a missing one is left for the CSV reader to report (events.csv may be absent).</summary>
    private static async Task DownloadAsync(IMinioClient client, S3Location location, string folder, CancellationToken cancellationToken)
    {
        foreach (var file in Files)
        {
            try
            {
                await using var target = File.Create(Path.Combine(folder, file));
                var args = new GetObjectArgs()
                    .WithBucket(location.Bucket)
                    .WithObject(Key(location, file))
                    .WithCallbackStream((stream, ct) => stream.CopyToAsync(target, ct));
                await client.GetObjectAsync(args, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsNotFound(e))
            {
                File.Delete(Path.Combine(folder, file));
                if (e is BucketNotFoundException || (e as MinioException)?.Response?.Code == "NoSuchBucket")
                {
                    throw new ArgumentException($"data source {location}: bucket '{location.Bucket}' does not exist", e);
                }
            }
        }
    }

    private static string Key(S3Location location, string file) => location.Prefix.Length == 0 ? file : $"{location.Prefix}/{file}";

    private static string ObjectOf(S3Location location, string path) => $"{location}/{Path.GetFileName(path)}";

    private static bool IsNotFound(Exception e) =>
        e is ObjectNotFoundException or BucketNotFoundException
        || (e is MinioException minio && minio.Response?.Code is "NoSuchKey" or "NoSuchBucket");
}
