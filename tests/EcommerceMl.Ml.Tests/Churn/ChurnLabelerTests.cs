using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Datasets;

namespace EcommerceMl.Ml.Tests.Churn;

public class ChurnLabelerTests
{
    [Fact]
    public void Label_ChurnedMeansNoOrderInTheLastNDays()
    {
        var shop = ChurnTestData.Shop(
            [],
            ("stays", new DateTime(2026, 1, 10, 12, 0, 0), 10),
            ("stays", new DateTime(2026, 3, 15, 12, 0, 0), 10),
            ("leaves", new DateTime(2026, 2, 1, 12, 0, 0), 10),
            ("edge", new DateTime(2026, 3, 1, 23, 0, 0), 10),
            ("edge", new DateTime(2026, 3, 2, 0, 0, 0), 10),
            ("newcomer", new DateTime(2026, 3, 10, 12, 0, 0), 10),
            ("late", new DateTime(2026, 3, 31, 8, 0, 0), 10));

        var dataset = ChurnLabeler.Label(shop, churnDays: 30);

        // The data ends at the midnight after 2026-03-31; the window is the 30 days before.
        Assert.Equal(new DateTime(2026, 4, 1), dataset.End);
        Assert.Equal(new DateTime(2026, 3, 2), dataset.Cutoff);
        var labels = dataset.Examples.ToDictionary(e => e.CustomerId, e => e.Churned);
        Assert.Equal(new Dictionary<string, bool> { ["edge"] = false, ["leaves"] = true, ["stays"] = false }, labels);
        Assert.Equal(1.0 / 3, dataset.ChurnRate, 12);
    }

    [Fact]
    public void Label_DescribesCustomersAsOfTheCutoffOnly()
    {
        var shop = ChurnTestData.Shop(
            [],
            ("stays", new DateTime(2026, 1, 10, 12, 0, 0), 10),
            ("stays", new DateTime(2026, 3, 15, 12, 0, 0), 90));

        var stays = ChurnLabeler.Label(shop, churnDays: 30).Examples.Single();

        // Recency from 2026-01-10 to the 2026-02-14 cutoff; the March order is the label, not a feature.
        Assert.Equal(35, stays.Features.RecencyDays);
        Assert.Equal(10, stays.Features.AvgMonetary);
        Assert.False(stays.Churned);
    }

    [Fact]
    public void Label_LeavesGuestCheckoutsOutOfThePopulation()
    {
        var guest = new Customer("guest-536365", new DateTime(2026, 1, 10), "United Kingdom", LoyaltyMember: false)
        {
            Attributes = new Dictionary<string, string> { [OnlineRetailLoader.GuestAttribute] = "true" },
        };
        var shop = ChurnTestData.Shop(
            [guest],
            ("guest-536365", new DateTime(2026, 1, 10, 12, 0, 0), 10),
            ("stays", new DateTime(2026, 1, 10, 12, 0, 0), 10),
            ("stays", new DateTime(2026, 3, 15, 12, 0, 0), 10));

        var dataset = ChurnLabeler.Label(shop, churnDays: 30);

        Assert.Equal(["stays"], dataset.Examples.Select(e => e.CustomerId));
    }

    [Fact]
    public void ForTraining_WhenEveryCustomerHasALabel_UsesItWithTheirColumns()
    {
        var customers = new[]
        {
            new Customer("a", new DateTime(2025, 6, 1), "US", false) { Churned = true, Attributes = new Dictionary<string, string> { ["Contract"] = "Month-to-month" } },
            new Customer("b", new DateTime(2024, 1, 1), "US", true) { Churned = false, Attributes = new Dictionary<string, string> { ["Contract"] = "Two year" } },
        };
        var shop = ChurnTestData.Shop(customers, ("b", new DateTime(2025, 12, 30, 9, 0, 0), 20));

        var dataset = ChurnLabeler.ForTraining(shop, churnDays: 30);

        Assert.True(dataset.GivenLabel);
        Assert.Equal(new DateTime(2025, 12, 31), dataset.End);
        Assert.Equal([("a", true), ("b", false)], dataset.Examples.Select(e => (e.CustomerId, e.Churned)));
        var a = dataset.Examples[0].Features;
        Assert.Equal("Month-to-month", a.Attributes["Contract"]);
        // No orders: silent since joining.
        Assert.Equal((213.0, 0.0, 0.0, 213.0, false), (a.RecencyDays, a.Frequency, a.AvgMonetary, a.TenureDays, a.LoyaltyMember));
        Assert.Equal(1, dataset.Examples[1].Features.RecencyDays);
    }

    [Fact]
    public void ForTraining_WhenSomeCustomersHaveNoLabel_DefinesItFromBehaviour()
    {
        var customers = new[] { new Customer("a", new DateTime(2025, 1, 1), "US", false) { Churned = true }, new Customer("b", new DateTime(2025, 1, 1), "US", false) };
        var shop = ChurnTestData.Shop(customers, ("a", new DateTime(2025, 1, 10), 5), ("b", new DateTime(2025, 3, 1), 5));

        var dataset = ChurnLabeler.ForTraining(shop, churnDays: 30);

        Assert.False(dataset.GivenLabel);
        Assert.Equal([("a", true)], dataset.Examples.Select(e => (e.CustomerId, e.Churned)));
    }
}
