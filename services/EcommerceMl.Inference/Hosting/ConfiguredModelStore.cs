using EcommerceMl.Artifacts;

namespace EcommerceMl.Inference.Hosting;

/// <summary>
/// The container's model store: <c>Ecml:Store</c> (environment <c>Ecml__Store</c>) or <c>ECML_STORE</c>,
/// the variable the trainer reads too; S3 endpoint and credentials from the environment (see
/// <see cref="S3Settings.FromEnvironment"/>).
/// </summary>
public static class ConfiguredModelStore
{
    public const string ConfigurationKey = "Ecml:Store";
    public const string EnvironmentVariable = "ECML_STORE";

    /// <summary>The store, a stand-in that reports why it cannot be opened, or null when none is configured.</summary>
    public static IModelStore? Open(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var location = configuration[ConfigurationKey] ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
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
