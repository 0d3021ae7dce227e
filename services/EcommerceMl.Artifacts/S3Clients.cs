using Minio;

namespace EcommerceMl.Artifacts;

/// <summary>
/// The one way this code base makes a Minio client: the server and identity of <see cref="S3Settings"/>, over an HTTP
/// pipeline that retries what S3 calls transient (<see cref="S3RetryHandler"/>). The model store, the event sink, the
/// batch outputs and the trainer's S3 data source all go through it.
/// </summary>
public static class S3Clients
{
    public static IMinioClient Create(S3Settings settings) => Create(settings, new SocketsHttpHandler(), S3RetryPolicy.Default, TimeProvider.System);

    /// <param name="transport">What sends the requests (tests put a misbehaving server's part here).</param>
    internal static IMinioClient Create(S3Settings settings, HttpMessageHandler transport, S3RetryPolicy policy, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var http = new HttpClient(new S3RetryHandler(policy, time) { InnerHandler = transport });
        return new MinioClient()
            .WithEndpoint(settings.Endpoint.Host, settings.Endpoint.Port)
            .WithSSL(settings.Endpoint.Scheme == Uri.UriSchemeHttps)
            .WithCredentials(settings.AccessKey, settings.SecretKey)
            .WithRegion(settings.Region)
            .WithHttpClient(http, disposeHttpClient: true)
            .Build();
    }
}
