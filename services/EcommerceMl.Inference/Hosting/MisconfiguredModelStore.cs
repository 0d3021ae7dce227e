using EcommerceMl.Artifacts;
using EcommerceMl.Contracts.Monitoring;

namespace EcommerceMl.Inference.Hosting;

/// <summary>
/// Stands in for a store whose configured location cannot be opened. Every call fails with the
/// reason, so the server stays up and not ready, and /readyz says what to fix — rather than a
/// container that crashes at start and loops.
/// </summary>
internal sealed class MisconfiguredModelStore(string location, string reason) : IModelStore
{
    public string Location => location;

    private InvalidOperationException Error() => new($"The model store '{location}' cannot be opened: {reason}");

    public Task<ModelManifest> PublishAsync(ModelManifest manifest, IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellationToken = default) =>
        Task.FromException<ModelManifest>(Error());

    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default) =>
        Task.FromException<IReadOnlyList<string>>(Error());

    public Task<IReadOnlyList<string>> ListVersionIdsAsync(string model, CancellationToken cancellationToken = default) =>
        Task.FromException<IReadOnlyList<string>>(Error());

    public Task<ModelVersionList> ListVersionsAsync(string model, CancellationToken cancellationToken = default) =>
        Task.FromException<ModelVersionList>(Error());

    public Task<ModelManifest?> GetManifestAsync(string model, string? version = null, CancellationToken cancellationToken = default) =>
        Task.FromException<ModelManifest?>(Error());

    public Task<LoadedModel> LoadAsync(string model, string? version = null, CancellationToken cancellationToken = default) =>
        Task.FromException<LoadedModel>(Error());

    public Task<bool> DeleteVersionAsync(string model, string version, CancellationToken cancellationToken = default) =>
        Task.FromException<bool>(Error());

    public Task PublishMonitoringReportAsync(MonitoringReport report, CancellationToken cancellationToken = default) =>
        Task.FromException(Error());

    public Task<MonitoringReportList> ListMonitoringReportsAsync(string model, string version, int newest = int.MaxValue, CancellationToken cancellationToken = default) =>
        Task.FromException<MonitoringReportList>(Error());
}
