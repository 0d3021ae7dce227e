using System.Security.Cryptography;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// Local mode's <c>kubectl apply -f</c>, repeated: keeps the cluster's TrainingJobs and
/// ModelDeployments in line with the YAML files under a path. A new resource is created, a changed
/// one replaced (its generation moves when its spec does), one whose document or file is gone is
/// deleted with what it owns. A file with an error changes nothing: its message names the file and
/// the field, and what it applied before keeps running. A file is re-read only when its content
/// changes. A TrainingJob's spec is immutable except <c>runPolicy.suspend</c>, as the CRD's CEL
/// rules make it on a cluster.
/// </summary>
public sealed class ResourceFileSource(string path, LocalCluster cluster, Action<string> report)
{
    private readonly Dictionary<string, AppliedFile> _applied = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _scanning = new(1, 1);
    private readonly Dictionary<string, long> _tooLarge = new(StringComparer.Ordinal);

    /// <summary>True when a file read so far holds the resource.</summary>
    public bool Holds(string kind, V1ObjectMeta metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var key = new ResourceKey(kind, metadata.NamespaceProperty, metadata.Name);
        return _applied.Values.Any(f => f.Resources.Contains(key));
    }

    /// <summary>Reads every file whose content changed since the last scan and applies it; removes what deleted files held.</summary>
    public async Task ScanAsync(CancellationToken cancellationToken = default)
    {
        await _scanning.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var files = ResourceFiles.Find(path);
            foreach (var file in files)
            {
                await ApplyFileAsync(file, cancellationToken).ConfigureAwait(false);
            }

            foreach (var gone in _applied.Keys.Except(files, StringComparer.Ordinal).ToList())
            {
                foreach (var resource in _applied[gone].Resources)
                {
                    DeleteResource(resource, $"{Display(gone)} was deleted");
                }

                _applied.Remove(gone);
            }
        }
        finally
        {
            _scanning.Release();
        }
    }

    /// <summary>Scans now, then whenever a YAML file under the path changes, and every <paramref name="rescan"/> anyway (watchers miss events on some file systems).</summary>
    public async Task RunAsync(TimeSpan rescan, CancellationToken cancellationToken)
    {
        using var changed = new SemaphoreSlim(0);
        var full = Path.GetFullPath(path);
        using var watcher = File.Exists(full)
            ? new FileSystemWatcher(Path.GetDirectoryName(full)!, Path.GetFileName(full))
            : new FileSystemWatcher(full);
        void Signal(object sender, FileSystemEventArgs e) => changed.Release();
        watcher.Changed += Signal;
        watcher.Created += Signal;
        watcher.Deleted += Signal;
        watcher.Renamed += (sender, e) => changed.Release();
        watcher.EnableRaisingEvents = true;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await ScanAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (FileNotFoundException e)
            {
                report($"error: {e.Message}");
            }

            try
            {
                await changed.WaitAsync(rescan, cancellationToken).ConfigureAwait(false);
                // An editor's save is several events: let them settle, then read once.
                await Task.Delay(TimeSpan.FromMilliseconds(200), cancellationToken).ConfigureAwait(false);
                while (changed.CurrentCount > 0)
                {
                    await changed.WaitAsync(cancellationToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ApplyFileAsync(string file, CancellationToken cancellationToken)
    {
        byte[] content;
        try
        {
            var length = new FileInfo(file).Length;
            if (YamlBounds.CheckFileSize(length) is { } tooLarge)
            {
                // Refused before reading it into memory, reported once per size; what it applied before keeps running.
                if (_tooLarge.GetValueOrDefault(file) != length)
                {
                    _tooLarge[file] = length;
                    report($"error: {Display(file)}: {tooLarge}.");
                }

                return;
            }

            _tooLarge.Remove(file);

            content = await File.ReadAllBytesAsync(file, cancellationToken).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // Being written or just removed: the next scan sees it settled.
            return;
        }

        var hash = Convert.ToHexString(SHA256.HashData(content));
        var previous = _applied.GetValueOrDefault(file);
        if (previous?.Hash == hash)
        {
            return;
        }

        var loaded = ResourceFiles.Parse(System.Text.Encoding.UTF8.GetString(content), Display(file), file);
        if (loaded.Errors.Count > 0)
        {
            foreach (var error in loaded.Errors)
            {
                report($"error: {error}");
            }

            report($"{Display(file)}: not applied; {(previous is null ? "nothing from it runs" : "what it held before keeps running")} until it is fixed.");
            _applied[file] = new AppliedFile(hash, previous?.Resources ?? []);
            return;
        }

        var kept = new List<ResourceKey>();
        foreach (var resource in loaded.Resources)
        {
            var problem = await ApplyAsync(resource, cancellationToken).ConfigureAwait(false);
            if (problem is not null)
            {
                report($"error: {Display(file)}: {resource.Kind} {resource.Metadata.Name}: {problem}");
            }

            kept.Add(ResourceKey.Of(resource));
        }

        foreach (var removed in (previous?.Resources ?? []).Except(kept))
        {
            DeleteResource(removed, $"it is no longer in {Display(file)}");
        }

        _applied[file] = new AppliedFile(hash, kept);
    }

    /// <summary>Creates or replaces one resource; a message when the change is refused.</summary>
    private async Task<string?> ApplyAsync(IKubernetesObject<V1ObjectMeta> resource, CancellationToken cancellationToken)
    {
        var ns = resource.Metadata.NamespaceProperty;
        var name = resource.Metadata.Name;
        switch (resource)
        {
            case TrainingJob wanted:
                var trainingJob = await cluster.GetAsync<TrainingJob>(ns, name, cancellationToken).ConfigureAwait(false);
                if (trainingJob is null)
                {
                    await cluster.CreateAsync(wanted, cancellationToken).ConfigureAwait(false);
                    report($"trainingjob.{MlApi.Group}/{name} created");
                    return null;
                }

                if (!SameExceptSuspend(trainingJob.Spec, wanted.Spec))
                {
                    return "spec is immutable except runPolicy.suspend (a new run is a new TrainingJob: give it a new name)";
                }

                trainingJob.Spec = wanted.Spec;
                return await ReplaceAsync(trainingJob, wanted, cancellationToken).ConfigureAwait(false);
            case ModelDeployment wanted:
                var deployment = await cluster.GetAsync<ModelDeployment>(ns, name, cancellationToken).ConfigureAwait(false);
                if (deployment is null)
                {
                    await cluster.CreateAsync(wanted, cancellationToken).ConfigureAwait(false);
                    report($"modeldeployment.{MlApi.Group}/{name} created");
                    return null;
                }

                deployment.Spec = wanted.Spec;
                return await ReplaceAsync(deployment, wanted, cancellationToken).ConfigureAwait(false);
            case Model wanted:
                var model = await cluster.GetAsync<Model>(ns, name, cancellationToken).ConfigureAwait(false);
                if (model is null)
                {
                    await cluster.CreateAsync(wanted, cancellationToken).ConfigureAwait(false);
                    report($"model.{MlApi.Group}/{name} created");
                    return null;
                }

                if (model.Spec.Task != wanted.Spec.Task)
                {
                    return "spec.task is immutable (the versions of a model in the store are of one task; another task is another Model)";
                }

                model.Spec = wanted.Spec;
                return await ReplaceAsync(model, wanted, cancellationToken).ConfigureAwait(false);
            default:
                return $"local mode does not run {resource.Kind}";
        }
    }

    private async Task<string?> ReplaceAsync<T>(T current, T wanted, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        current.Metadata.Labels = wanted.Metadata.Labels;
        current.Metadata.Annotations = wanted.Metadata.Annotations;
        var before = current.Metadata.ResourceVersion;
        try
        {
            var replaced = await cluster.ReplaceAsync(current, cancellationToken).ConfigureAwait(false);
            if (replaced.Metadata.ResourceVersion != before)
            {
                report($"{current.Kind.ToLowerInvariant()}.{MlApi.Group}/{current.Metadata.Name} configured");
            }

            return null;
        }
        catch (ClusterConflictException)
        {
            return "changed by someone else meanwhile; it is applied on the next scan";
        }
    }

    private void DeleteResource(ResourceKey resource, string why)
    {
        var deleted = resource.Kind switch
        {
            TrainingJob.KindName => cluster.Delete<TrainingJob>(resource.Namespace, resource.Name),
            Model.KindName => cluster.Delete<Model>(resource.Namespace, resource.Name),
            _ => cluster.Delete<ModelDeployment>(resource.Namespace, resource.Name),
        };
        if (deleted)
        {
            report($"{resource.Kind.ToLowerInvariant()}.{MlApi.Group}/{resource.Name} deleted ({why})");
        }
    }

    private static bool SameExceptSuspend(TrainingJobSpec current, TrainingJobSpec wanted)
    {
        static string WithoutSuspend(TrainingJobSpec spec)
        {
            var copy = KubernetesJson.Deserialize<TrainingJobSpec>(KubernetesJson.Serialize(spec));
            copy.RunPolicy ??= new RunPolicySpec();
            copy.RunPolicy.Suspend = null;
            return KubernetesJson.Serialize(copy);
        }

        return WithoutSuspend(current) == WithoutSuspend(wanted);
    }

    /// <summary>A file as the user named it: the path given, or the path given joined with the file's place under it.</summary>
    private string Display(string file) =>
        File.Exists(path) ? path : Path.Combine(path, Path.GetRelativePath(Path.GetFullPath(path), file));

    private sealed record AppliedFile(string Hash, IReadOnlyList<ResourceKey> Resources);

    private readonly record struct ResourceKey(string Kind, string Namespace, string Name)
    {
        public static ResourceKey Of(IKubernetesObject<V1ObjectMeta> resource) => new(resource.Kind, resource.Metadata.NamespaceProperty, resource.Metadata.Name);
    }
}
