using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Dashboard;
using EcommerceMl.Inference.Observability;

namespace EcommerceMl.Inference.Tests.Dashboard;

public sealed class VersionConversionsTests
{
    [Fact]
    public void EachVersion_GetsItsCountsAndRatesPerAnswer_NewestFirst()
    {
        var counts = new RecommendationCounts(
            new Dictionary<(string, string), long> { [("recs", "v1")] = 200, [("recs", "v2")] = 50 },
            new Dictionary<(string, string, string), long>
            {
                [("recs", "v1", "product_view")] = 40,
                [("recs", "v1", "add_to_cart")] = 20,
                [("recs", "v1", "purchase")] = 10,
                [("recs", "v2", "add_to_cart")] = 1,
            });

        var rows = VersionConversions.From(counts);

        Assert.Equal(
            [
                new DashboardConversion("recs", "v2", 50, 0, 1, 0, 0.02, 0),
                new DashboardConversion("recs", "v1", 200, 40, 20, 10, 0.1, 0.05),
            ],
            rows);
    }

    [Fact]
    public void AVersionAnsweredElsewhere_IsListedWithItsConversions_AndNoRates()
    {
        var counts = new RecommendationCounts(
            new Dictionary<(string, string), long>(),
            new Dictionary<(string, string, string), long> { [("recs", "canary", "purchase")] = 3 });

        Assert.Equal([new DashboardConversion("recs", "canary", 0, 0, 0, 3, null, null)], VersionConversions.From(counts));
    }
}
