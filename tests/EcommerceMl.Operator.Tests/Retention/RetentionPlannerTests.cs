using EcommerceMl.Operator.Retention;
using static EcommerceMl.Operator.Tests.Retention.RetentionFixtures;

namespace EcommerceMl.Operator.Tests.Retention;

public sealed class RetentionPlannerTests
{
    private static RetentionPlan Plan(IEnumerable<ModelManifest> versions, int? keepLast, int? keepDays, IReadOnlyDictionary<string, string>? inUse = null, IEnumerable<string>? unreadable = null) =>
        RetentionPlanner.Plan(ModelName, versions, new RetentionPolicy(keepLast, keepDays), inUse ?? NoneInUse, Now, unreadable);

    private static List<string> Deleted(RetentionPlan plan) => [.. plan.Delete.Select(d => d.Version)];

    [Fact]
    public void Plan_KeepLast_DeletesAllButTheNewestN_OldestFirst()
    {
        var versions = DaysAgo(50, 40, 30, 20, 10);

        var plan = Plan(versions, keepLast: 2, keepDays: null);

        Assert.Equal([versions[0].Version, versions[1].Version, versions[2].Version], Deleted(plan));
        Assert.Equal([versions[3].Version, versions[4].Version], plan.Keep.Select(k => k.Version));
        Assert.Contains(KeepReason.KeepLast, plan.Keep[0].Reasons);
    }

    [Fact]
    public void Plan_KeepDays_KeepsVersionsCreatedWithinTheDays_TheBoundaryIncluded()
    {
        var versions = DaysAgo(31, 30, 29, 1);

        var plan = Plan(versions, keepLast: null, keepDays: 30);

        Assert.Equal([versions[0].Version], Deleted(plan));
        Assert.Equal([KeepReason.KeepDays], plan.Keep.Single(k => k.Version == versions[1].Version).Reasons);
        Assert.Contains("created 2026-11-05 (31 days ago), before the 30 days kept", plan.Delete[0].Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_BothRules_KeepAVersionWhenEitherKeepsIt()
    {
        // keepLast 2 keeps days 3 and 1; keepDays 10 keeps days 8, 3 and 1; only days 40 and 20 are kept by neither.
        var versions = DaysAgo(40, 20, 8, 3, 1);

        var plan = Plan(versions, keepLast: 2, keepDays: 10);

        Assert.Equal([versions[0].Version, versions[1].Version], Deleted(plan));
        Assert.Equal([KeepReason.KeepDays], plan.Keep.Single(k => k.Version == versions[2].Version).Reasons);
        Assert.Contains("older than the 2 newest", plan.Delete[0].Why, StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_WithoutAPolicy_DeletesNothing()
    {
        var versions = DaysAgo(400, 300, 200);

        var plan = Plan(versions, keepLast: null, keepDays: null);

        Assert.Empty(plan.Delete);
        Assert.All(plan.Keep, k => Assert.Contains(KeepReason.NoPolicy, k.Reasons));
    }

    [Fact]
    public void Plan_KeepLastZero_StillKeepsTheNewestAndTheServableLatest()
    {
        var versions = DaysAgo(3, 2, 1);
        versions[2] = Manifest(versions[2].Version, gatePassed: false);

        var plan = Plan(versions, keepLast: 0, keepDays: null);

        Assert.Equal([versions[0].Version], Deleted(plan));
        Assert.Equal([KeepReason.ServableLatest], plan.Keep.Single(k => k.Version == versions[1].Version).Reasons);
        Assert.Equal([KeepReason.Newest], plan.Keep.Single(k => k.Version == versions[2].Version).Reasons);
    }

    [Fact]
    public void Plan_VersionInUse_IsKeptWithWhoUsesIt_HoweverOld()
    {
        var versions = DaysAgo(300, 200, 100, 1);
        var inUse = new Dictionary<string, string> { [versions[0].Version] = "ModelDeployment shop/recs: previous" };

        var plan = Plan(versions, keepLast: 1, keepDays: 7, inUse);

        Assert.Equal([versions[1].Version, versions[2].Version], Deleted(plan));
        var kept = plan.Keep.Single(k => k.Version == versions[0].Version);
        Assert.Equal([KeepReason.InUse], kept.Reasons);
        Assert.Equal("in use (ModelDeployment shop/recs: previous)", kept.Why);
    }

    [Fact]
    public void Plan_AChallengerThatLost_IsKeptOnlyAsTheNewest_AndTheChampionBeforeItAsTheServableLatest()
    {
        var versions = DaysAgo(30, 20, 10);
        versions[2] = Manifest(versions[2].Version, championPassed: false);

        var plan = Plan(versions, keepLast: 0, keepDays: null);

        Assert.Equal([versions[0].Version], Deleted(plan));
        Assert.Equal([KeepReason.ServableLatest], plan.Keep.Single(k => k.Version == versions[1].Version).Reasons);
        Assert.Equal([KeepReason.Newest], plan.Keep.Single(k => k.Version == versions[2].Version).Reasons);
    }

    [Fact]
    public void Plan_UnreadableVersions_AreKept()
    {
        var versions = DaysAgo(30, 20);
        var broken = VersionAt(25);

        var plan = Plan(versions, keepLast: 0, keepDays: null, unreadable: [broken]);

        Assert.Equal([versions[0].Version], Deleted(plan));
        Assert.Equal([broken, versions[1].Version], plan.Keep.Select(k => k.Version));
        Assert.Equal([KeepReason.Unreadable], plan.Keep[0].Reasons);
    }

    [Fact]
    public void Plan_OrdersByVersionWhateverTheInputOrder_AndCountsDuplicatesOnce()
    {
        var versions = DaysAgo(30, 20, 10);
        List<ModelManifest> shuffled = [versions[2], versions[0], versions[1], versions[0]];

        var plan = Plan(shuffled, keepLast: 2, keepDays: null);

        Assert.Equal([versions[0].Version], Deleted(plan));
    }

    [Fact]
    public void Plan_NoVersions_DeletesNothing()
    {
        var plan = Plan([], keepLast: 1, keepDays: 1);

        Assert.Empty(plan.Delete);
        Assert.Empty(plan.Keep);
    }

    [Theory]
    [InlineData(-1, null)]
    [InlineData(null, -1)]
    public void Policy_Negative_IsRefusedNamingTheField(int? keepLast, int? keepDays)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RetentionPolicy(keepLast, keepDays));

        Assert.Contains(keepLast is null ? "keepDays" : "keepLast", e.Message, StringComparison.Ordinal);
    }

    /// <summary>
    /// Over many seeded random histories (gates failed, challengers lost, versions in use, any policy): what is in
    /// use, the servable latest and the newest are never deleted; every other version is deleted exactly when
    /// neither keepLast nor keepDays keeps it; every version is either deleted or kept with at least one true reason.
    /// </summary>
    [Fact]
    public void Plan_OverRandomHistories_NeverDeletesWhatIsInUseServableOrNewest_AndFollowsThePolicyElsewhere()
    {
        var random = new Random(17);
        for (var run = 0; run < 2000; run++)
        {
            var count = random.Next(0, 25);
            var versions = Enumerable.Range(0, count)
                .Select(_ => Manifest(VersionAt(random.NextDouble() * 120, suffix: $"{random.Next(0x1000000):x6}"), gatePassed: random.Next(4) > 0, championPassed: random.Next(4) > 0))
                .DistinctBy(m => m.Version)
                .ToList();
            var inUse = versions.Where(_ => random.Next(6) == 0).ToDictionary(m => m.Version, _ => "ModelDeployment shop/recs: current");
            int? keepLast = random.Next(3) == 0 ? null : random.Next(0, 8);
            int? keepDays = random.Next(3) == 0 ? null : random.Next(0, 60);
            var policy = new RetentionPolicy(keepLast, keepDays);

            var plan = RetentionPlanner.Plan(ModelName, versions.OrderBy(_ => random.Next()), policy, inUse, Now);

            var byAge = versions.OrderBy(m => m.Version, StringComparer.Ordinal).ToList();
            var servable = ModelVersions.ServableLatest(versions)?.Version;
            var newest = byAge.LastOrDefault()?.Version;
            var deleted = plan.Delete.Select(d => d.Version).ToHashSet();
            var context = $"run {run}: keepLast {keepLast}, keepDays {keepDays}, {count} versions";
            Assert.True(deleted.Count + plan.Keep.Count == versions.Count, context);
            Assert.DoesNotContain(deleted, inUse.ContainsKey);
            Assert.True(servable is null || !deleted.Contains(servable), context);
            Assert.True(newest is null || !deleted.Contains(newest), context);
            for (var i = 0; i < byAge.Count; i++)
            {
                var version = byAge[i];
                var protectedVersion = inUse.ContainsKey(version.Version) || version.Version == servable || version.Version == newest;
                var keptByPolicy = !policy.IsSet
                    || (keepLast is { } n && i >= byAge.Count - n)
                    || (keepDays is { } d && version.CreatedAt >= Now.AddDays(-d));
                Assert.True(deleted.Contains(version.Version) == !(protectedVersion || keptByPolicy), $"{context}: {version.Version}");
            }

            Assert.All(plan.Keep, k => Assert.NotEmpty(k.Reasons));
        }
    }
}
