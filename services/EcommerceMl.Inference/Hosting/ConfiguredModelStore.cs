using EcommerceMl.Artifacts;

namespace EcommerceMl.Inference.Hosting;

/// <summary>
/// The container's model store: <see cref="InferenceConfiguration.StoreKey"/> or, unset, the trainer's
/// <see cref="InferenceConfiguration.StoreVariable"/>; S3 endpoint and credentials from the environment (see
/// <see cref="S3Settings.FromEnvironment"/>).
/// </summary>
public static class ConfiguredModelStore
{
    /// <summary>The store, a stand-in that reports why it cannot be opened, or null when none is configured.</summary>
    public static IModelStore? Open(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var location = configuration[InferenceConfiguration.StoreKey] ?? Environment.GetEnvironmentVariable(InferenceConfiguration.StoreVariable);
        if (string.IsNullOrWhiteSpace(location))
        {
            return null;
        }

        try
        {
            return ModelStores.Open(location);
        }
        catch (Exception e) when (e is ArgumentException or ModelStoreConfigurationException)
        {
            return new MisconfiguredModelStore(location, e.Message);
        }
    }
}
