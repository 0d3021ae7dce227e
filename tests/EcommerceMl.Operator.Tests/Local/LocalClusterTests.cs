using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Local;

public sealed class LocalClusterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private readonly LocalCluster _cluster = new(TimeProvider.System);

    private async Task<(TrainingJob TrainingJob, V1Job Job)> TrainingJobWithAJobAsync(bool finalizer)
    {
        var trainingJob = TestResources.TrainingJob("recs-1");
        trainingJob.Metadata.Uid = null;
        trainingJob.Metadata.Finalizers = finalizer ? [TrainingJobFinalizer.Artifacts] : null;
        trainingJob = await _cluster.CreateAsync(trainingJob, Ct);
        var job = await _cluster.CreateAsync(new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta { Name = "recs-1-job", NamespaceProperty = trainingJob.Metadata.NamespaceProperty, OwnerReferences = [OwnerReferences.ControllerOf(trainingJob)] },
        }, Ct);
        return (trainingJob, job);
    }

    [Fact]
    public async Task List_OfAllNamespaces_ListsEveryNamespace()
    {
        foreach (var ns in new[] { "staging", "prod" })
        {
            var md = TestResources.ModelDeployment("recs");
            md.Metadata.NamespaceProperty = ns;
            md.Metadata.Uid = null;
            await _cluster.CreateAsync(md, Ct);
        }

        var all = await _cluster.ListAsync<ModelDeployment>(ICluster.AllNamespaces, new Dictionary<string, string>(), Ct);

        Assert.Equal(["prod", "staging"], all.Select(m => m.Metadata.NamespaceProperty));
        Assert.Single(await _cluster.ListAsync<ModelDeployment>("prod", new Dictionary<string, string>(), Ct));
    }

    [Fact]
    public async Task Delete_WithoutFinalizers_RemovesTheObjectAndWhatItControls()
    {
        var (trainingJob, _) = await TrainingJobWithAJobAsync(finalizer: false);

        Assert.True(_cluster.Delete<TrainingJob>(trainingJob.Metadata.NamespaceProperty, "recs-1"));

        Assert.Empty(_cluster.All<TrainingJob>());
        Assert.Empty(_cluster.All<V1Job>());
    }

    [Fact]
    public async Task Delete_WithAFinalizer_OnlyMarksTheObject_UntilItsLastFinalizerIsRemoved()
    {
        var (trainingJob, _) = await TrainingJobWithAJobAsync(finalizer: true);
        var changes = new List<ObjectChange>();
        _cluster.Changed += changes.Add;
        var ns = trainingJob.Metadata.NamespaceProperty;

        Assert.True(_cluster.Delete<TrainingJob>(ns, "recs-1"));
        Assert.True(_cluster.Delete<TrainingJob>(ns, "recs-1"));

        var marked = (await _cluster.GetAsync<TrainingJob>(ns, "recs-1", Ct))!;
        Assert.NotNull(marked.Metadata.DeletionTimestamp);
        Assert.Single(_cluster.All<V1Job>());
        Assert.Equal([false], changes.Select(c => c.Deleted));

        marked.Metadata.Finalizers = [];
        await _cluster.ReplaceAsync(marked, Ct);

        Assert.Null(await _cluster.GetAsync<TrainingJob>(ns, "recs-1", Ct));
        Assert.Empty(_cluster.All<V1Job>());
        Assert.Equal([(typeof(V1Job), true), (typeof(TrainingJob), true)], changes.Skip(1).Select(c => (c.Kind, c.Deleted)));
    }
}
