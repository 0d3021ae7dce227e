using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Builders;

namespace EcommerceMl.Operator.Local.Runtimes;

/// <summary>Where local mode runs Pods (<c>ecml up --runtime</c>).</summary>
public enum LocalRuntime
{
    /// <summary>Child processes of the running <c>ecml</c> (the default; nothing to build).</summary>
    Processes,

    /// <summary>podman containers of the trainer and inference images, as a cluster runs them.</summary>
    Containers,
}

/// <summary>The images containers run when a resource names none: what <c>make images</c> tags, the chart's names and appVersion.</summary>
public sealed record ContainerImages(string Trainer, string Inference)
{
    public const string Registry = "ghcr.io/ecommerce-ml";

    /// <summary>The chart's appVersion (charts/ecommerce-ml/Chart.yaml), which <c>make images</c> tags by default.</summary>
    public const string Tag = "0.1.0";

    public static ContainerImages Default { get; } = new($"{Registry}/trainer:{Tag}", $"{Registry}/inference:{Tag}");
}

/// <summary>
/// What differs between the runtimes in local mode's composition: the builders' defaults (images,
/// store), how the host opens a store, and the <see cref="IPodRuntime"/> itself.
/// </summary>
public static class LocalWorkloads
{
    /// <summary>The Secret an <c>s3://</c> store's credentials are read from: <c>{state}/secrets.yaml</c>, else AWS_* in the environment.</summary>
    public const string StoreSecretName = "ecml-store";

    public static bool IsS3(string store) => store.StartsWith(S3Location.Scheme, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The builders' defaults: a folder store made absolute, or an <c>s3://</c> store on the server
    /// <c>ECML_S3_ENDPOINT</c> names with the <see cref="StoreSecretName"/> credentials; the images for containers.
    /// </summary>
    public static WorkloadSettings Settings(string store, LocalRuntime runtime, ContainerImages images, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(environment);
        var settings = IsS3(store)
            ? LocalMode.Settings(Path.GetTempPath()) with
            {
                Store = store,
                S3Endpoint = environment(S3Settings.EndpointVariable) is { Length: > 0 } endpoint
                    ? endpoint
                    : throw new ArgumentException($"--store {store} is on S3: set {S3Settings.EndpointVariable} to the S3 server's URL (e.g. http://127.0.0.1:9000)."),
                CredentialsSecretName = StoreSecretName,
            }
            : LocalMode.Settings(store);
        return runtime == LocalRuntime.Containers ? settings with { TrainerImage = images.Trainer, InferenceImage = images.Inference } : settings;
    }

    /// <summary>How the host (reconcilers, gateway) opens a store: an <c>s3://</c> one with the same endpoint and credentials the Pods get.</summary>
    public static Func<string, IModelStore> StoreOpener(LocalSecrets secrets, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        return location => IsS3(location)
            ? ModelStores.Open(location, S3Settings.FromEnvironment(name => name.StartsWith("AWS_", StringComparison.Ordinal) ? secrets.Find(StoreSecretName, name) : environment(name)))
            : ModelStores.Open(location);
    }

    /// <summary>The Pods' runtime; for containers, podman must work here, and what a killed earlier run left is removed first.</summary>
    public static IPodRuntime Runtime(LocalRuntime runtime, LocalCommand command, WorkloadSettings settings, string stateFolder, Action<string> report)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(report);
        if (runtime == LocalRuntime.Processes)
        {
            return new ProcessPodRuntime(command);
        }

        var podman = new Podman();
        if (podman.Unavailable() is { } why)
        {
            throw new InvalidOperationException($"--runtime containers needs podman and runc: {why}");
        }

        var containers = new ContainerPodRuntime(podman, stateFolder, IsS3(settings.Store) ? [] : [settings.Store]);
        var leftovers = containers.RemoveLeftovers();
        if (leftovers.Count > 0)
        {
            report($"Removed {leftovers.Count} container(s) an earlier ecml up on this state folder left running: {string.Join(", ", leftovers)}");
        }

        report($"Pods run as podman containers (runc, host network) of {settings.TrainerImage} and {settings.InferenceImage} unless a resource names its image.");
        return containers;
    }
}
