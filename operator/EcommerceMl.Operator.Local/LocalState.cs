using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// The state file (<c>{state}/cluster.json</c>) through which a separate <c>ecml get</c> sees what
/// <c>ecml up</c> runs: the platform's resources with their status, keyed by the CRD's plural, plus
/// who wrote it and whether it still runs. Written whole to a temporary file and renamed, so a
/// reader never sees half of it. A ModelDeployment's endpoint is shown as the local address its
/// Service resolves to (the in-cluster <c>http://{name}.{namespace}.svc</c> means nothing on a laptop).
/// </summary>
public static class LocalState
{
    public const string FileName = "cluster.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string PathIn(string stateFolder) => Path.Combine(stateFolder, FileName);

    /// <summary>The snapshot of the cluster's resources, as <c>ecml get</c> reads it.</summary>
    public static JsonObject Snapshot(LocalCluster cluster, bool running, DateTimeOffset savedAt)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var services = cluster.All<V1Service>();
        var modelDeployments = new JsonArray();
        foreach (var deployment in cluster.All<ModelDeployment>())
        {
            var node = JsonNode.Parse(KubernetesJson.Serialize(deployment))!.AsObject();
            var service = services.FirstOrDefault(s => s.Metadata.NamespaceProperty == deployment.Metadata.NamespaceProperty
                && s.Metadata.Name == ModelDeploymentBuilder.ServiceName(deployment));
            if (LocalAddress(service) is { } address && node["status"] is JsonObject status)
            {
                status["endpoint"] = address;
            }

            modelDeployments.Add(node);
        }

        return new JsonObject
        {
            ["savedAt"] = savedAt.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
            ["running"] = running,
            ["pid"] = Environment.ProcessId,
            [TrainingJob.Plural] = new JsonArray([.. cluster.All<TrainingJob>().Select(t => JsonNode.Parse(KubernetesJson.Serialize(t)))]),
            [ModelDeployment.Plural] = modelDeployments,
            [Model.Plural] = new JsonArray([.. cluster.All<Model>().Select(m => JsonNode.Parse(KubernetesJson.Serialize(m)))]),
        };
    }

    /// <summary><c>http://127.0.0.1:{port}</c> when local mode has pointed the Service at a ready process.</summary>
    public static string? LocalAddress(V1Service? service) =>
        service?.Status?.LoadBalancer?.Ingress?.FirstOrDefault() is { Ip: { } ip, Ports: [var port, ..] }
            ? $"http://{ip}:{port.Port.ToString(System.Globalization.CultureInfo.InvariantCulture)}"
            : null;

    public static void Write(string stateFolder, JsonObject snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Directory.CreateDirectory(stateFolder);
        var path = PathIn(stateFolder);
        var temporary = $"{path}.{Environment.ProcessId}.tmp";
        File.WriteAllText(temporary, snapshot.ToJsonString(Indented));
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The last snapshot, or null when <c>ecml up</c> never ran with this state folder.</summary>
    public static JsonObject? Read(string stateFolder)
    {
        var path = PathIn(stateFolder);
        if (!File.Exists(path))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(File.ReadAllText(path)) as JsonObject
                ?? throw new InvalidDataException($"{path} is not a JSON object.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path} is not the state `ecml up` writes: {e.Message}", e);
        }
    }

    /// <summary>Puts the resources of an earlier run back into a fresh cluster (their uids and status too).</summary>
    public static void Restore(LocalCluster cluster, JsonObject? snapshot)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        foreach (var node in snapshot?[TrainingJob.Plural]?.AsArray() ?? [])
        {
            cluster.Restore(KubernetesJson.Deserialize<TrainingJob>(node!.ToJsonString()));
        }

        // With their uids and status: the TrainingJobs a Model made stay its own, its history and schedule carry on.
        foreach (var node in snapshot?[Model.Plural]?.AsArray() ?? [])
        {
            cluster.Restore(KubernetesJson.Deserialize<Model>(node!.ToJsonString()));
        }

        foreach (var node in snapshot?[ModelDeployment.Plural]?.AsArray() ?? [])
        {
            var deployment = KubernetesJson.Deserialize<ModelDeployment>(node!.ToJsonString());
            // What the reconciler wrote is recomputed; the local address shown was this run's, not the next one's.
            deployment.Status = null;
            cluster.Restore(deployment);
        }
    }
}
