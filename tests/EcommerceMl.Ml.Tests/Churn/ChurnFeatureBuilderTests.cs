using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Tests.Churn;

public class ChurnFeatureBuilderTests
{
    private static readonly DateTime AsOf = new(2026, 1, 1);

    private static ShopData Shop()
    {
        var orders = new List<Order>
        {
            new("a1", "anna", new DateTime(2025, 3, 1, 10, 0, 0)),
            new("a2", "anna", new DateTime(2025, 9, 1, 18, 0, 0)),
            new("a3", "anna", new DateTime(2025, 12, 20, 9, 0, 0)),
            new("a4", "anna", new DateTime(2026, 1, 1, 0, 0, 0)), // at the moment: not before it
            new("b1", "ben", new DateTime(2025, 11, 1, 12, 0, 0)),
            new("c1", "cleo", new DateTime(2025, 6, 1, 12, 0, 0)),
            new("d1", "dan", new DateTime(2026, 2, 1, 12, 0, 0)),
        };
        var items = new List<OrderItem>
        {
            new("a1", "p1", 1, 10), new("a1", "p2", 2, 5), // 20
            new("a2", "p1", 4, 10), // 40
            new("a3", "p2", 6, 5), // 30
            new("a4", "p1", 100, 10),
            new("b1", "p1", 1, 7.5),
            new("c1", "p1", 1, 3),
        };
        var customers = new List<Customer>
        {
            new("anna", new DateTime(2025, 1, 1), "GB", LoyaltyMember: true),
            new("cleo", new DateTime(2025, 8, 1), "FR", LoyaltyMember: false), // signed up after ordering
            new("dan", new DateTime(2025, 1, 1), "DE", LoyaltyMember: true),
        };
        return new ShopData("hand-made", customers, [], orders, items, []);
    }

    [Fact]
    public void AsOf_DescribesACustomerFromOrdersBeforeTheMoment()
    {
        var anna = ChurnFeatureBuilder.AsOf(Shop(), AsOf)["anna"];

        // Last order 2025-12-20 → 12 days; 180-day window starts 2025-07-05 → 2 orders;
        // average of 20, 40, 30; signup 2025-01-01 → 365 days.
        Assert.Equal(new ChurnFeatures(RecencyDays: 12, Frequency: 2, AvgMonetary: 30, TenureDays: 365, LoyaltyMember: true), anna);
    }

    [Fact]
    public void AsOf_WhenSignupIsUnknown_CountsTenureFromTheFirstOrder()
    {
        var ben = ChurnFeatureBuilder.AsOf(Shop(), AsOf)["ben"];

        Assert.Equal(new ChurnFeatures(61, 1, 7.5, 61, LoyaltyMember: false), ben);
    }

    [Fact]
    public void AsOf_WhenSignupIsAfterTheFirstOrder_CountsTenureFromTheOrder()
    {
        var cleo = ChurnFeatureBuilder.AsOf(Shop(), AsOf)["cleo"];

        Assert.Equal(214, cleo.TenureDays);
        Assert.Equal(214, cleo.RecencyDays);
    }

    [Fact]
    public void AsOf_LeavesOutCustomersWithoutAnOrderBefore()
    {
        var features = ChurnFeatureBuilder.AsOf(Shop(), AsOf);

        Assert.Equal(["anna", "ben", "cleo"], features.Keys);
    }
}
