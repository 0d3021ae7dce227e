using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Models;

public sealed class MonitoredVersionTests
{
    private const string Model = "shop-churn";
    private const string V1 = "20261206T135255Z-d74e10";
    private const string V2 = "20261206T135427Z-8b25bc";
    private const string V3 = "20261206T140000Z-cccccc";

    private static ModelDeployment Serving(string? current, string? candidate = null, string model = Model, string name = "shop-churn") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "default" },
        Spec = new ModelDeploymentSpec { Model = model },
        Status = new ModelDeploymentStatus { CurrentVersion = current, CandidateVersion = candidate },
    };

    [Fact]
    public void WithoutAModelDeployment_TheServableVersionIsMonitored()
    {
        Assert.Equal(V2, MonitoredVersion.Choose(Model, V2, []));
    }

    [Fact]
    public void WhenAModelDeploymentServesTheServableVersion_ItIsMonitored()
    {
        Assert.Equal(V2, MonitoredVersion.Choose(Model, V2, [Serving(V1, name: "pinned"), Serving(V2)]));
    }

    [Fact]
    public void WhileAModelDeploymentRollsTheServableVersionOut_ItIsMonitored()
    {
        // About to serve: drift on V1, which it replaces, must not start another run meanwhile.
        Assert.Equal(V2, MonitoredVersion.Choose(Model, V2, [Serving(V1, candidate: V2)]));
    }

    [Fact]
    public void WhenTheModelDeploymentRolledTheServableVersionBack_TheVersionItServesIsMonitored()
    {
        // make run's churn loop: V2 was rolled back, V1 answers every request.
        Assert.Equal(V1, MonitoredVersion.Choose(Model, V2, [Serving(V1)]));
    }

    [Fact]
    public void WhenSeveralOtherVersionsServe_TheNewestIsMonitored()
    {
        Assert.Equal(V2, MonitoredVersion.Choose(Model, V3, [Serving(V1, name: "a"), Serving(V2, name: "b")]));
    }

    [Fact]
    public void ModelDeploymentsOfOtherModels_OrWithoutAServedVersionYet_AreIgnored()
    {
        Assert.Equal(V2, MonitoredVersion.Choose(Model, V2, [Serving(V1, model: "shop-recs"), Serving(null)]));
    }

    [Fact]
    public void WithoutAServableVersion_WhatServesIsMonitored()
    {
        Assert.Equal(V1, MonitoredVersion.Choose(Model, null, [Serving(V1)]));
        Assert.Null(MonitoredVersion.Choose(Model, null, []));
    }
}
