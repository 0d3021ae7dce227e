using EcommerceMl.Operator.Status;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Status;

public sealed class ConditionsTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 2, 0, 0, TimeSpan.Zero));

    [Fact]
    public void Set_WhenStatusFlips_MovesLastTransitionTime()
    {
        var conditions = new List<V1Condition>();
        Conditions.Set(conditions, "Running", ConditionStatus.False, "PodsPending", "waiting", 1, _time);
        _time.Advance(TimeSpan.FromMinutes(3));

        var changed = Conditions.Set(conditions, "Running", ConditionStatus.True, "PodsRunning", "running", 1, _time);

        Assert.True(changed);
        var condition = Assert.Single(conditions);
        Assert.Equal(_time.GetUtcNow().UtcDateTime, condition.LastTransitionTime);
        Assert.Equal(("True", "PodsRunning", "running"), (condition.Status, condition.Reason, condition.Message));
    }

    [Fact]
    public void Set_WhenOnlyReasonOrMessageChanges_KeepsLastTransitionTime()
    {
        var conditions = new List<V1Condition>();
        Conditions.Set(conditions, "Failed", ConditionStatus.False, "PodsPending", "waiting", 1, _time);
        var since = conditions[0].LastTransitionTime;
        _time.Advance(TimeSpan.FromMinutes(3));

        var changed = Conditions.Set(conditions, "Failed", ConditionStatus.False, "PodsRunning", "running", 2, _time);

        Assert.True(changed);
        Assert.Equal(since, conditions[0].LastTransitionTime);
        Assert.Equal(("PodsRunning", 2L), (conditions[0].Reason, conditions[0].ObservedGeneration));
    }

    [Fact]
    public void Set_WhenNothingChanges_ReportsNoChange()
    {
        var conditions = new List<V1Condition>();
        Conditions.Set(conditions, "Ready", ConditionStatus.True, "Available", "ok", 1, _time);
        _time.Advance(TimeSpan.FromMinutes(3));

        Assert.False(Conditions.Set(conditions, "Ready", ConditionStatus.True, "Available", "ok", 1, _time));
        Assert.Single(conditions);
    }

    [Fact]
    public void Set_WritesWholeSeconds_AsTheApiServerStoresThem()
    {
        _time.Advance(TimeSpan.FromMilliseconds(1234));
        var conditions = new List<V1Condition>();

        Conditions.Set(conditions, "Ready", ConditionStatus.True, "Available", "ok", 1, _time);

        Assert.Equal(new DateTime(2026, 11, 23, 2, 0, 1, DateTimeKind.Utc), conditions[0].LastTransitionTime);
        Assert.True(Conditions.IsTrue(conditions, "Ready"));
        Assert.False(Conditions.IsTrue(conditions, "Missing"));
    }

    [Fact]
    public void Copy_GivesConditionsThatDoNotShareTheOriginals()
    {
        var original = new List<V1Condition>();
        Conditions.Set(original, "Ready", ConditionStatus.False, "Loading", "loading", 2, _time);

        var copy = Conditions.Copy(original);
        Conditions.Set(copy, "Ready", ConditionStatus.True, "Loaded", "ok", 3, _time);

        Assert.Equal(("False", "Loading", 2L), (original[0].Status, original[0].Reason, original[0].ObservedGeneration));
        Assert.Equal(("True", "Loaded", 3L), (copy[0].Status, copy[0].Reason, copy[0].ObservedGeneration));
        Assert.Empty(Conditions.Copy(null));
    }

    [Fact]
    public void WholeSeconds_TruncatesToTheSecondInUtc()
    {
        var local = new DateTime(2026, 11, 23, 3, 4, 5, 678, DateTimeKind.Utc).ToLocalTime();

        var stored = ApiTime.WholeSeconds(local);

        Assert.Equal(new DateTime(2026, 11, 23, 3, 4, 5, DateTimeKind.Utc), stored);
        Assert.Equal(DateTimeKind.Utc, stored.Kind);
    }
}
