using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Support;

/// <summary>
/// What a user (kubectl) and the built-in controllers do in scenario tests, through the real
/// client: apply the examples, read resources, and play the Job and Deployment controllers by
/// patching /status.
/// </summary>
internal sealed class ClusterClient(Kubernetes client, string ns)
{
    public Kubernetes Client => client;

    /// <param name="edit">A change to each resource before it is created, for a test that must leave out one part of the example.</param>
    public async Task ApplyExampleAsync(string fileName, CancellationToken cancellationToken, Action<object>? edit = null)
    {
        var yaml = await File.ReadAllTextAsync(Path.Combine(RepoRoot.Find(), "examples", fileName), cancellationToken);
        foreach (var resource in ResourceYaml.LoadAll(yaml))
        {
            edit?.Invoke(resource);
            var plural = resource switch
            {
                TrainingJob => TrainingJob.Plural,
                ModelDeployment => ModelDeployment.Plural,
                Model => Model.Plural,
                _ => throw new InvalidOperationException($"examples/{fileName} holds a {resource.GetType().Name}"),
            };
            await client.CustomObjects.CreateNamespacedCustomObjectAsync(resource, MlApi.Group, MlApi.Version, ns, plural, cancellationToken: cancellationToken);
        }
    }

    public Task<TrainingJob> TrainingJobAsync(string name, CancellationToken cancellationToken) =>
        client.CustomObjects.GetNamespacedCustomObjectAsync<TrainingJob>(MlApi.Group, MlApi.Version, ns, TrainingJob.Plural, name, cancellationToken);

    public Task<ModelDeployment> ModelDeploymentAsync(string name, CancellationToken cancellationToken) =>
        client.CustomObjects.GetNamespacedCustomObjectAsync<ModelDeployment>(MlApi.Group, MlApi.Version, ns, ModelDeployment.Plural, name, cancellationToken);

    /// <summary>
    /// Changes a ModelDeployment as <c>kubectl edit</c> does: read, change, replace — and again on 409, because the
    /// operator writes its status in between (each write moves the resourceVersion, as on a real API server).
    /// </summary>
    public async Task EditModelDeploymentAsync(string name, Action<ModelDeployment> change, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            var current = await ModelDeploymentAsync(name, cancellationToken);
            change(current);
            try
            {
                await client.CustomObjects.ReplaceNamespacedCustomObjectAsync(current, MlApi.Group, MlApi.Version, ns, ModelDeployment.Plural, name, cancellationToken: cancellationToken);
                return;
            }
            catch (k8s.Autorest.HttpOperationException conflict) when (conflict.Response.StatusCode == System.Net.HttpStatusCode.Conflict && attempt < 20)
            {
                // Someone else wrote first: read it again.
            }
        }
    }

    public Task<Model> ModelAsync(string name, CancellationToken cancellationToken) =>
        client.CustomObjects.GetNamespacedCustomObjectAsync<Model>(MlApi.Group, MlApi.Version, ns, Model.Plural, name, cancellationToken);

    public async Task<IList<V1Job>> JobsAsync(CancellationToken cancellationToken) => (await client.BatchV1.ListNamespacedJobAsync(ns, cancellationToken: cancellationToken)).Items;

    public async Task<IList<V1Deployment>> DeploymentsAsync(CancellationToken cancellationToken) =>
        (await client.AppsV1.ListNamespacedDeploymentAsync(ns, cancellationToken: cancellationToken)).Items;

    public async Task<V1Deployment?> DeploymentAsync(string name, CancellationToken cancellationToken) =>
        (await DeploymentsAsync(cancellationToken)).SingleOrDefault(d => d.Metadata.Name == name);

    public Task CompleteJobAsync(string jobName, CancellationToken cancellationToken) =>
        client.BatchV1.PatchNamespacedJobStatusAsync(
            new V1Patch("""{"status":{"succeeded":1,"conditions":[{"type":"Complete","status":"True","reason":"CompletionsReached"}]}}""", V1Patch.PatchType.MergePatch),
            jobName, ns, cancellationToken: cancellationToken);

    /// <summary>The Deployment controller's view once every replica of the current template is updated and available.</summary>
    public async Task MarkRolledOutAsync(string deploymentName, CancellationToken cancellationToken)
    {
        var deployment = await client.AppsV1.ReadNamespacedDeploymentAsync(deploymentName, ns, cancellationToken: cancellationToken);
        var n = deployment.Spec.Replicas ?? 1;
        var status = System.Text.Json.JsonSerializer.Serialize(new
        {
            status = new { observedGeneration = deployment.Metadata.Generation, replicas = n, updatedReplicas = n, readyReplicas = n, availableReplicas = n },
        });
        await client.AppsV1.PatchNamespacedDeploymentStatusAsync(new V1Patch(status, V1Patch.PatchType.MergePatch), deploymentName, ns, cancellationToken: cancellationToken);
    }

    /// <summary>Reads until <paramref name="done"/> holds or 20 s pass (then returns the last value for the assertion to explain).</summary>
    public static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            T value;
            try
            {
                value = await read();
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound && DateTime.UtcNow < deadline)
            {
                await Task.Delay(20, cancellationToken);
                continue;
            }

            if (done(value) || DateTime.UtcNow > deadline)
            {
                return value;
            }

            await Task.Delay(20, cancellationToken);
        }
    }
}
