using System.ComponentModel.DataAnnotations;

namespace EcommerceMl.Artifacts;

/// <summary>
/// Where an S3-compatible server is and how to sign in. From code, or from the environment (or any
/// configuration read the same way): <c>ECML_S3_ENDPOINT</c> (e.g. <c>http://127.0.0.1:9000</c>),
/// <c>AWS_ACCESS_KEY_ID</c>, <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_REGION</c> (default <c>us-east-1</c>).
/// Validated with data annotations like every options class: each message names the setting to fix.
/// </summary>
public sealed record S3Settings : IValidatableObject
{
    public const string EndpointVariable = "ECML_S3_ENDPOINT";
    public const string AccessKeyVariable = "AWS_ACCESS_KEY_ID";
    public const string SecretKeyVariable = "AWS_SECRET_ACCESS_KEY";
    public const string RegionVariable = "AWS_REGION";
    public const string DefaultRegion = "us-east-1";

    /// <summary>An absolute http or https URL of the server, e.g. <c>http://minio:9000</c>.</summary>
    [Required(ErrorMessage = EndpointVariable + " is not set: the S3 server's URL, e.g. http://127.0.0.1:9000.")]
    public Uri Endpoint { get; set; } = null!;

    [Required(AllowEmptyStrings = false, ErrorMessage = AccessKeyVariable + " is not set: the S3 access key.")]
    public string AccessKey { get; set; } = "";

    [Required(AllowEmptyStrings = false, ErrorMessage = SecretKeyVariable + " is not set: the S3 secret key.")]
    public string SecretKey { get; set; } = "";

    [Required(AllowEmptyStrings = false, ErrorMessage = "The S3 region (" + RegionVariable + ") is empty: use " + DefaultRegion + " for MinIO or name the region.")]
    public string Region { get; set; } = DefaultRegion;

    /// <summary>Create the bucket on first publish when it is missing (a fresh MinIO has none).</summary>
    public bool CreateBucketIfMissing { get; set; } = true;

    /// <summary>
    /// Reads the settings from environment variables and validates them; <paramref name="getVariable"/> replaces the
    /// process environment (tests, or a host's configuration: <c>key => configuration[key]</c>).
    /// Throws <see cref="ModelStoreConfigurationException"/> naming every setting to fix.
    /// </summary>
    public static S3Settings FromEnvironment(Func<string, string?>? getVariable = null)
    {
        var settings = Read(getVariable ?? Environment.GetEnvironmentVariable);
        settings.Validate();
        return settings;
    }

    /// <summary>The settings as the variables give them, not validated (an options host validates them at start).</summary>
    public static S3Settings Read(Func<string, string?> getVariable) => new S3Settings().ReadFrom(getVariable);

    /// <summary>
    /// Sets every setting from its variable (an unset region stays <see cref="DefaultRegion"/>) and returns this, for
    /// an options host: <c>AddOptions&lt;S3Settings&gt;().Configure(s =&gt; s.ReadFrom(key =&gt; configuration[key]))</c>.
    /// A malformed endpoint throws naming <see cref="EndpointVariable"/>.
    /// </summary>
    public S3Settings ReadFrom(Func<string, string?> getVariable)
    {
        ArgumentNullException.ThrowIfNull(getVariable);
        var endpoint = getVariable(EndpointVariable);
        var region = getVariable(RegionVariable);
        Endpoint = string.IsNullOrWhiteSpace(endpoint) ? null! : ParseEndpoint(endpoint, EndpointVariable);
        AccessKey = getVariable(AccessKeyVariable) ?? "";
        SecretKey = getVariable(SecretKeyVariable) ?? "";
        Region = string.IsNullOrWhiteSpace(region) ? DefaultRegion : region;
        return this;
    }

    /// <summary>Parses an absolute http(s) URL without path; <paramref name="source"/> names where it came from in errors.</summary>
    public static Uri ParseEndpoint(string endpoint, string source)
    {
        if (EndpointProblem(endpoint, source) is { } problem)
        {
            throw new ModelStoreConfigurationException(problem);
        }

        return new Uri(endpoint, UriKind.Absolute);
    }

    /// <summary>Checks the settings by their data annotations; throws naming every setting to fix.</summary>
    public void Validate()
    {
        var results = new List<ValidationResult>();
        var context = new ValidationContext(this);
        if (!Validator.TryValidateObject(this, context, results, validateAllProperties: true))
        {
            // The validator skips the object-level checks once a property failed; a person fixing one setting wants them all.
            results.AddRange(((IValidatableObject)this).Validate(context));
            throw new ModelStoreConfigurationException(
                $"An s3:// model store needs valid S3 settings: {string.Join(" ", results.Select(r => r.ErrorMessage))}");
        }
    }

    IEnumerable<ValidationResult> IValidatableObject.Validate(ValidationContext validationContext)
    {
        if (Endpoint is not null && EndpointProblem(Endpoint.OriginalString, EndpointVariable) is { } problem)
        {
            yield return new ValidationResult(problem, [nameof(Endpoint)]);
        }
    }

    private static string? EndpointProblem(string endpoint, string source)
    {
        if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || string.IsNullOrEmpty(uri.Host))
        {
            return $"{source} '{endpoint}' is not an S3 endpoint: expected an absolute http or https URL such as http://127.0.0.1:9000.";
        }

        return uri.AbsolutePath != "/" || !string.IsNullOrEmpty(uri.Query)
            ? $"{source} '{endpoint}' must be just scheme, host and port (no path or query); put the bucket and prefix in the s3:// location instead."
            : null;
    }
}
