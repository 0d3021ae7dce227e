using EcommerceMl.Artifacts;
using Microsoft.Extensions.Options;

namespace EcommerceMl.Inference.Hosting;

/// <summary>
/// The container's model store: <see cref="InferenceConfiguration.StoreKey"/> or, unset, the trainer's
/// <see cref="InferenceConfiguration.StoreVariable"/>. An <c>s3://</c> store's <see cref="S3Settings"/> are options,
/// bound from the same configuration (the environment variables <c>ECML_S3_ENDPOINT</c>, <c>AWS_ACCESS_KEY_ID</c>,
/// <c>AWS_SECRET_ACCESS_KEY</c>, <c>AWS_REGION</c>) and validated at start like the inference options: a missing
/// or malformed one stops the server with a message naming it. A location that cannot be parsed at all becomes a
/// stand-in store that reports why, so the server stays up, not ready, and /readyz says what to fix.
/// </summary>
public static class ConfiguredModelStore
{
    /// <summary>Registers what the configured store needs and returns how to build it; null when no store is configured.</summary>
    public static Func<IServiceProvider, IModelStore>? Add(IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var location = configuration[InferenceConfiguration.StoreKey] ?? Environment.GetEnvironmentVariable(InferenceConfiguration.StoreVariable);
        if (string.IsNullOrWhiteSpace(location))
        {
            return null;
        }

        location = location.Trim();
        try
        {
            if (!location.StartsWith(S3Location.Scheme, StringComparison.OrdinalIgnoreCase))
            {
                var local = ModelStores.Open(location);
                return _ => local;
            }

            var s3 = S3Location.Parse(location);
            services.AddOptions<S3Settings>()
                .Configure(settings => settings.ReadFrom(key => configuration[key]))
                .ValidateDataAnnotations()
                .ValidateOnStart();
            return sp => S3ModelStore.Create(s3, sp.GetRequiredService<IOptions<S3Settings>>().Value);
        }
        catch (Exception e) when (e is ArgumentException or ModelStoreConfigurationException)
        {
            var misconfigured = new MisconfiguredModelStore(location, e.Message);
            return _ => misconfigured;
        }
    }
}
