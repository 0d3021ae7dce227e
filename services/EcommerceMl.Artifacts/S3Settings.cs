using System.Text;

namespace EcommerceMl.Artifacts;

/// <summary>
/// Where an S3-compatible server is and how to sign in. From code, or from the environment:
/// <c>ECML_S3_ENDPOINT</c> (e.g. <c>http://127.0.0.1:9000</c>), <c>AWS_ACCESS_KEY_ID</c>,
/// <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_REGION</c> (default <c>us-east-1</c>).
/// </summary>
public sealed record S3Settings
{
    public const string EndpointVariable = "ECML_S3_ENDPOINT";
    public const string AccessKeyVariable = "AWS_ACCESS_KEY_ID";
    public const string SecretKeyVariable = "AWS_SECRET_ACCESS_KEY";
    public const string RegionVariable = "AWS_REGION";
    public const string DefaultRegion = "us-east-1";

    /// <summary>An absolute http or https URL of the server, e.g. <c>http://minio:9000</c>.</summary>
    public required Uri Endpoint { get; init; }

    public required string AccessKey { get; init; }

    public required string SecretKey { get; init; }

    public string Region { get; init; } = DefaultRegion;

    /// <summary>Create the bucket on first publish when it is missing (a fresh MinIO has none).</summary>
    public bool CreateBucketIfMissing { get; init; } = true;

    /// <summary>Every setting but the secret key, which is shown as ***: settings end up in logs and exception messages.</summary>
    public override string ToString()
    {
        var text = new StringBuilder("S3Settings { ");
        if ((this with { SecretKey = "***" }).PrintMembers(text))
        {
            text.Append(' ');
        }

        return text.Append('}').ToString();
    }

    /// <summary>Reads the settings from environment variables; <paramref name="getVariable"/> replaces the process environment in tests.</summary>
    public static S3Settings FromEnvironment(Func<string, string?>? getVariable = null)
    {
        getVariable ??= Environment.GetEnvironmentVariable;
        var endpoint = getVariable(EndpointVariable);
        var accessKey = getVariable(AccessKeyVariable);
        var secretKey = getVariable(SecretKeyVariable);
        var missing = new[] { (EndpointVariable, endpoint), (AccessKeyVariable, accessKey), (SecretKeyVariable, secretKey) }
            .Where(pair => string.IsNullOrWhiteSpace(pair.Item2))
            .Select(pair => pair.Item1)
            .ToList();
        if (missing.Count > 0)
        {
            throw new ModelStoreConfigurationException(
                $"An s3:// model store needs {string.Join(", ", missing)} set in the environment (e.g. {EndpointVariable}=http://127.0.0.1:9000), or S3Settings passed explicitly.");
        }

        var region = getVariable(RegionVariable);
        return new S3Settings
        {
            Endpoint = ParseEndpoint(endpoint!, EndpointVariable),
            AccessKey = accessKey!,
            SecretKey = secretKey!,
            Region = string.IsNullOrWhiteSpace(region) ? DefaultRegion : region,
        };
    }

    /// <summary>Parses an absolute http(s) URL without path; <paramref name="source"/> names where it came from in errors.</summary>
    public static Uri ParseEndpoint(string endpoint, string source)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            throw new ModelStoreConfigurationException(
                $"{source} '{endpoint}' is not an S3 endpoint: expected an absolute http or https URL such as http://127.0.0.1:9000.");
        }

        if (uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query))
        {
            throw new ModelStoreConfigurationException(
                $"{source} '{endpoint}' must be just scheme, host and port (no path or query); put the bucket and prefix in the s3:// location instead.");
        }

        return uri;
    }

    /// <summary>Checks settings built in code; throws naming the first bad field.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Endpoint, nameof(Endpoint));
        ParseEndpoint(Endpoint.OriginalString, nameof(Endpoint));
        if (string.IsNullOrWhiteSpace(AccessKey) || string.IsNullOrWhiteSpace(SecretKey))
        {
            throw new ModelStoreConfigurationException("S3Settings needs a non-empty AccessKey and SecretKey.");
        }

        if (string.IsNullOrWhiteSpace(Region))
        {
            throw new ModelStoreConfigurationException($"S3Settings.Region must not be empty (use {DefaultRegion} for MinIO).");
        }
    }
}
