using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Runtime;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Support;

// The fake must behave like the API server where reconcilers can tell (../shared/K8S-API-SEMANTICS.md).
public sealed class InMemoryClusterTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly InMemoryCluster _cluster = new(new FakeTimeProvider());

    [Fact]
    public async Task Replace_WithAStaleResourceVersion_Conflicts()
    {
        var created = await _cluster.CreateAsync(TestResources.TrainingJob(), Ct);
        var stale = (await _cluster.GetAsync<TrainingJob>("shop", "shop-recs-1", Ct))!;
        created.Spec.RunPolicy = new RunPolicySpec { Suspend = true };
        await _cluster.ReplaceAsync(created, Ct);

        await Assert.ThrowsAsync<ClusterConflictException>(() => _cluster.ReplaceAsync(stale, Ct));
        await Assert.ThrowsAsync<ClusterAlreadyExistsException>(() => _cluster.CreateAsync(TestResources.TrainingJob(), Ct));
    }

    [Fact]
    public async Task Writes_KeepStatusAndSpecApart_AndBumpGenerationOnSpecChangesOnly()
    {
        var created = await _cluster.CreateAsync(TestResources.TrainingJob(), Ct);
        created.Status = new TrainingJobStatus { Phase = TrainingJobPhases.Running };
        created.Spec.Image = "ignored-by-status-write";
        var afterStatus = await _cluster.ReplaceStatusAsync(created, Ct);

        afterStatus.Status = new TrainingJobStatus { Phase = TrainingJobPhases.Failed };
        afterStatus.Spec.RunPolicy = new RunPolicySpec { Suspend = true };
        var afterSpec = await _cluster.ReplaceAsync(afterStatus, Ct);

        Assert.Null(afterStatus.Spec.Image);
        Assert.Equal(1, afterStatus.Metadata.Generation);
        Assert.Equal(TrainingJobPhases.Running, afterSpec.Status!.Phase);
        Assert.Equal(2, afterSpec.Metadata.Generation);
    }

    [Fact]
    public async Task AWriteThatChangesNothing_KeepsTheResourceVersion()
    {
        var created = await _cluster.CreateAsync(TestResources.TrainingJob(), Ct);
        var writes = _cluster.Writes;

        var again = await _cluster.ReplaceAsync(created, Ct);

        Assert.Equal(created.Metadata.ResourceVersion, again.Metadata.ResourceVersion);
        Assert.Equal(writes, _cluster.Writes);
    }

    [Fact]
    public async Task Delete_WithAFinalizer_OnlyMarksTheObject_UntilTheLastFinalizerIsRemoved()
    {
        var trainingJob = TestResources.TrainingJob();
        trainingJob.Metadata.Finalizers = ["example.com/keep"];
        await _cluster.CreateAsync(trainingJob, Ct);

        var deleted = await _cluster.DeleteAsync<TrainingJob>("shop", "shop-recs-1", Ct);
        var marked = (await _cluster.GetAsync<TrainingJob>("shop", "shop-recs-1", Ct))!;
        marked.Metadata.DeletionTimestamp = null;
        marked.Metadata.Finalizers = [];
        await _cluster.ReplaceAsync(marked, Ct);

        Assert.True(deleted);
        Assert.Null(await _cluster.GetAsync<TrainingJob>("shop", "shop-recs-1", Ct));
        Assert.Equal(0, _cluster.Count<TrainingJob>());
    }

    [Fact]
    public async Task Replace_KeepsTheDeletionTimestamp_WhileFinalizersRemain()
    {
        var trainingJob = TestResources.TrainingJob();
        trainingJob.Metadata.Finalizers = ["example.com/a", "example.com/b"];
        await _cluster.CreateAsync(trainingJob, Ct);
        await _cluster.DeleteAsync<TrainingJob>("shop", "shop-recs-1", Ct);

        var marked = (await _cluster.GetAsync<TrainingJob>("shop", "shop-recs-1", Ct))!;
        marked.Metadata.DeletionTimestamp = null;
        marked.Metadata.Finalizers = ["example.com/b"];
        var replaced = await _cluster.ReplaceAsync(marked, Ct);

        Assert.NotNull(replaced.Metadata.DeletionTimestamp);
        Assert.Equal(["example.com/b"], (await _cluster.GetAsync<TrainingJob>("shop", "shop-recs-1", Ct))!.Metadata.Finalizers);
    }
}

