using EcommerceMl.Operator.Local.Gateway;

namespace EcommerceMl.Operator.Tests.Local.Gateway;

public sealed class GatewayRoutesTests
{
    private static readonly Uri RecsAddress = new("http://127.0.0.1:41001");
    private static readonly Uri SalesAddress = new("http://127.0.0.1:41002");

    private static readonly GatewayBackend Recs = new("shop-recommendations", "shop-recommendations", ModelTask.Recommendation, RecsAddress);
    private static readonly GatewayBackend Sales = new("shop-sales", "shop-sales", ModelTask.Forecast, SalesAddress);
    private static readonly GatewayBackend ChurnStarting = new("shop-churn", "shop-churn", ModelTask.Churn, null);

    private static readonly GatewayBackend[] All = [ChurnStarting, Sales, Recs];

    [Theory]
    [InlineData("/v1/recommendations/C00001", "shop-recommendations")]
    [InlineData("/v1/products/P00042/similar", "shop-recommendations")]
    [InlineData("/v1/recommendations:batch", "shop-recommendations")]
    [InlineData("/v1/forecast", "shop-sales")]
    [InlineData("/v1/demand", "shop-sales")]
    [InlineData("/v2/models/shop-sales/infer", "shop-sales")]
    [InlineData("/v2/models/shop-recommendations/versions/20261123T014200Z-1a2b3c/ready", "shop-recommendations")]
    [InlineData("/v1/models/shop-sales:predict", "shop-sales")]
    [InlineData("/v1/dashboard/models/shop-sales/timeline", "shop-sales")]
    public void Decide_RoutesByTheModelOrTaskTheRequestNames(string path, string deployment)
    {
        var decision = GatewayRoutes.Decide(path, null, All);

        Assert.Equal(deployment, decision.Target?.Deployment);
    }

    [Fact]
    public void Decide_ModelQuery_WinsOverTheEndpointsTask()
    {
        var second = new GatewayBackend("other-recs", "other-recs", ModelTask.Recommendation, new Uri("http://127.0.0.1:41003"));

        var decision = GatewayRoutes.Decide("/v1/recommendations/C00001", "other-recs", [.. All, second]);

        Assert.Equal("other-recs", decision.Target?.Deployment);
    }

    [Fact]
    public void Decide_ConsoleAndEvents_GoToAReadyBackend_RecommendationsFirst()
    {
        Assert.Equal("shop-recommendations", GatewayRoutes.Decide("/", null, All).Target?.Deployment);
        Assert.Equal("shop-recommendations", GatewayRoutes.Decide("/v1/events", null, All).Target?.Deployment);
        Assert.Equal("shop-sales", GatewayRoutes.Decide("/docs", null, [ChurnStarting, Sales]).Target?.Deployment);
    }

    [Fact]
    public void Decide_AModelThatIsNotReady_Answers503SayingWhich()
    {
        var decision = GatewayRoutes.Decide("/v1/churn", null, All);

        Assert.Null(decision.Target);
        Assert.Equal(503, decision.Status);
        Assert.Contains("shop-churn", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_AnUnknownModel_Answers404NamingWhatIsServed()
    {
        var decision = GatewayRoutes.Decide("/v2/models/nope/infer", null, All);

        Assert.Equal(404, decision.Status);
        Assert.Contains("'nope'", decision.Message, StringComparison.Ordinal);
        Assert.Contains("shop-churn, shop-recommendations, shop-sales", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ATaskNobodyServes_Answers404()
    {
        var decision = GatewayRoutes.Decide("/v1/churn", null, [Recs]);

        Assert.Equal(404, decision.Status);
        Assert.Contains("churn", decision.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_ReadyOnlyWhenEveryBackendAnswers()
    {
        Assert.Equal(503, GatewayRoutes.Decide("/readyz", null, All).Status);
        Assert.Equal(200, GatewayRoutes.Decide("/readyz", null, [Recs, Sales]).Status);
        Assert.Equal(503, GatewayRoutes.Decide("/readyz", null, []).Status);
        Assert.Equal(200, GatewayRoutes.Decide("/healthz", null, []).Status);
    }

    [Fact]
    public void Decide_TheModelListAndTheConsoleSummary_AreMergedFromEveryBackend()
    {
        Assert.Equal(MergedList.Models, GatewayRoutes.Decide("/v1/models", null, All).Merge);
        Assert.Equal(MergedList.Dashboard, GatewayRoutes.Decide("/v1/dashboard", null, All).Merge);
    }
}
