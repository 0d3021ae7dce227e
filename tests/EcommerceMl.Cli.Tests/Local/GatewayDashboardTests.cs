using System.Text.Json;
using EcommerceMl.Inference.Contracts;
using EcommerceMl.Operator.Local.Gateway;

namespace EcommerceMl.Cli.Tests.Local;

/// <summary>
/// `make run`'s console is the inference server's page behind local mode's gateway, which merges every backend's
/// <c>/v1/dashboard</c> summary: a list the gateway does not merge reaches the page as missing (the conversions did,
/// and the page stopped at "Cannot read properties of undefined").
/// </summary>
public sealed class GatewayDashboardTests
{
    [Fact]
    public void GatewaysDashboardMerge_CarriesEveryListOfTheInferenceServersSummary()
    {
        var summaryLists = typeof(DashboardSummary).GetProperties()
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name))
            .Order(StringComparer.Ordinal);

        Assert.Equal(summaryLists, MergedList.Dashboard.Arrays.Order(StringComparer.Ordinal));
    }
}
