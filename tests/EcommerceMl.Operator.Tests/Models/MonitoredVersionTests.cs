using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Status;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Models;

public sealed class MonitoredVersionTests
{
    private const string Model = "shop-churn";
    private const string V1 = "20261206T135255Z-d74e10";
    private const string V2 = "20261206T135427Z-8b25bc";
    private const string V3 = "20261206T140000Z-cccccc";

    /// <summary>A ModelDeployment of the Model on <c>latest</c> (or pinning <paramref name="pinned"/>) serving <paramref name="current"/>.</summary>
    internal static ModelDeployment Serving(string? current, string? candidate = null, string? pinned = null, string? rolledBack = null, string model = Model, string name = Model)
    {
        var status = new ModelDeploymentStatus { CurrentVersion = current, CandidateVersion = candidate, Conditions = [] };
        if (rolledBack is not null)
        {
            Conditions.Set(status.Conditions, ModelDeploymentConditions.RolledBack, ConditionStatus.True, ModelDeploymentReasons.CrashLoopBackOff, "rolled back", 1, DateTime.UnixEpoch);
            status.ModelStatus = new ModelStatus { LastFailureInfo = new FailureInfo { Reason = ModelDeploymentReasons.CrashLoopBackOff, Version = rolledBack } };
        }

        return new ModelDeployment
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
            Spec = new ModelDeploymentSpec { Model = model, Version = pinned ?? ModelDeploymentSpec.Latest },
            Status = status,
        };
    }

    [Fact]
    public void WithoutAModelDeployment_TheServableVersionIsMonitored()
    {
        Assert.Equal(V2, MonitoredVersion.Choose(Model, V2, []));
    }

    [Fact]
    public void WhenAModelDeploymentServesTheServableVersion_ItIsMonitored()
    {
        Assert.Equal(V2, MonitoredVersion.Choose(Model, V2, [Serving(V1, pinned: V1, name: "pinned"), Serving(V2)]));
    }

    [Theory]
    [InlineData(V2)]
    [InlineData(null)]
    public void WhileAModelDeploymentOnLatestRollsTheServableVersionOut_OrHasNotLookedYet_ItIsMonitored(string? candidate)
    {
        // About to serve: drift on V1, which it replaces, must not start another run meanwhile.
        Assert.Equal(V2, MonitoredVersion.Choose(Model, V2, [Serving(V1, candidate)]));
    }

    [Fact]
    public void WhenTheModelDeploymentRolledTheServableVersionBack_TheVersionItServesIsMonitored()
    {
        Assert.Equal(V1, MonitoredVersion.Choose(Model, V2, [Serving(V1, rolledBack: V2)]));
    }

    [Fact]
    public void WhenTheModelDeploymentsPinOtherVersions_TheNewestTheyServeIsMonitored()
    {
        Assert.Equal(V2, MonitoredVersion.Choose(Model, V3, [Serving(V1, pinned: V1, name: "a"), Serving(V2, pinned: V2, name: "b")]));
    }

    [Fact]
    public void ModelDeploymentsOfOtherModels_OrWithoutAServedVersionYet_AreIgnored()
    {
        Assert.Equal(V2, MonitoredVersion.Choose(Model, V2, [Serving(V1, pinned: V1, model: "shop-recs"), Serving(null, pinned: V1)]));
    }

    [Fact]
    public void WithoutAServableVersion_WhatServesIsMonitored()
    {
        Assert.Equal(V1, MonitoredVersion.Choose(Model, null, [Serving(V1)]));
        Assert.Null(MonitoredVersion.Choose(Model, null, []));
    }
}
