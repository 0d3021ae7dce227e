using EcommerceMl.Artifacts;
using EcommerceMl.Contracts.Monitoring;

namespace EcommerceMl.Operator.Tests.Support;

/// <summary>A store that can be taken down: while <see cref="Down"/>, every call fails as an unreachable S3 endpoint does. <paramref name="location"/> stands in for the inner store's, as a store URL would read.</summary>
internal sealed class SwitchableModelStore(IModelStore inner, string? location = null) : IModelStore
{
    public bool Down { get; set; }

    public string Location => location ?? inner.Location;

    private T Up<T>(Func<T> call) => Down ? throw new HttpRequestException("Connection refused (minio.ml.svc:9000)") : call();

    public Task<ModelManifest> PublishAsync(ModelManifest manifest, IReadOnlyDictionary<string, byte[]> files, CancellationToken cancellationToken = default) =>
        Up(() => inner.PublishAsync(manifest, files, cancellationToken));

    public Task<IReadOnlyList<string>> ListModelsAsync(CancellationToken cancellationToken = default) => Up(() => inner.ListModelsAsync(cancellationToken));

    public Task<IReadOnlyList<string>> ListVersionIdsAsync(string model, CancellationToken cancellationToken = default) => Up(() => inner.ListVersionIdsAsync(model, cancellationToken));

    public Task<ModelVersionList> ListVersionsAsync(string model, CancellationToken cancellationToken = default) => Up(() => inner.ListVersionsAsync(model, cancellationToken));

    public Task<ModelManifest?> GetManifestAsync(string model, string? version = null, CancellationToken cancellationToken = default) =>
        Up(() => inner.GetManifestAsync(model, version, cancellationToken));

    public Task<LoadedModel> LoadAsync(string model, string? version = null, CancellationToken cancellationToken = default) => Up(() => inner.LoadAsync(model, version, cancellationToken));

    public Task<bool> DeleteVersionAsync(string model, string version, CancellationToken cancellationToken = default) => Up(() => inner.DeleteVersionAsync(model, version, cancellationToken));

    public Task PublishMonitoringReportAsync(MonitoringReport report, CancellationToken cancellationToken = default) => Up(() => inner.PublishMonitoringReportAsync(report, cancellationToken));

    public Task<MonitoringReportList> ListMonitoringReportsAsync(string model, string version, int newest = int.MaxValue, CancellationToken cancellationToken = default) =>
        Up(() => inner.ListMonitoringReportsAsync(model, version, newest, cancellationToken));
}
