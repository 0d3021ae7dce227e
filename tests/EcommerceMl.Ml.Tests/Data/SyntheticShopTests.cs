using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Ml.Tests.Data;

public class SyntheticShopTests
{
    // The default shop is generated once and shared: the structural tests only read it.
    private static readonly Lazy<SyntheticShopResult> DefaultShop = new(() => SyntheticShop.GenerateWithTruth());

    private static readonly SyntheticShopOptions Small = new() { Customers = 200, Products = 60, Categories = 6, Days = 180 };

    [Fact]
    public void Generate_SameOptions_GivesIdenticalTables()
    {
        var first = SyntheticShop.Generate(Small);
        var second = SyntheticShop.Generate(Small);

        Assert.Equal(first.Customers, second.Customers);
        Assert.Equal(first.Products, second.Products);
        Assert.Equal(first.Orders, second.Orders);
        Assert.Equal(first.OrderItems, second.OrderItems);
        Assert.Equal(first.Events, second.Events);
        Assert.Equal(ShopDataFingerprint.Compute(first).Sha256, ShopDataFingerprint.Compute(second).Sha256);
    }

    [Fact]
    public void Generate_DifferentSeed_GivesDifferentTables()
    {
        var first = SyntheticShop.Generate(Small);
        var second = SyntheticShop.Generate(Small with { Seed = Small.Seed + 1 });

        Assert.NotEqual(ShopDataFingerprint.Compute(first).Sha256, ShopDataFingerprint.Compute(second).Sha256);
        Assert.NotEqual(first.Products.Select(p => p.Name), second.Products.Select(p => p.Name));
    }

    [Fact]
    public void Generate_Defaults_HaveTheAdvertisedSizes()
    {
        var data = DefaultShop.Value.Data;

        Assert.Equal(2_000, data.Customers.Count);
        Assert.Equal(300, data.Products.Count);
        Assert.Equal(12, data.Products.Select(p => p.Category).Distinct().Count());
        Assert.All(data.Orders, o => Assert.InRange(o.OrderedAt, new SyntheticShopOptions().StartDate, DefaultShop.Value.Truth.End));
        Assert.True(data.Orders.Count > 10_000, $"only {data.Orders.Count} orders");
    }

    [Fact]
    public void Popularity_IsLongTailed()
    {
        var data = DefaultShop.Value.Data;
        var units = data.OrderItems.GroupBy(i => i.ProductId).Select(g => (double)g.Sum(i => i.Quantity)).OrderDescending().ToList();

        var topFifthShare = units.Take(data.Products.Count / 5).Sum() / units.Sum();

        // Measured at the defaults: the top 20 % of products sell 73.3 % of units.
        Assert.True(topFifthShare >= 0.5, $"top 20 % of products sell only {topFifthShare:P1} of units");
    }

    [Fact]
    public void Weekends_HaveMoreOrdersPerDay()
    {
        var data = DefaultShop.Value.Data;
        var byWeekday = data.Orders.GroupBy(o => o.OrderedAt.DayOfWeek).ToDictionary(g => g.Key, g => (double)g.Count());

        var weekendPerDay = (byWeekday[DayOfWeek.Saturday] + byWeekday[DayOfWeek.Sunday]) / 2;
        var weekdayPerDay = byWeekday.Where(kv => kv.Key is not (DayOfWeek.Saturday or DayOfWeek.Sunday)).Average(kv => kv.Value);

        // Measured at the defaults: 1.38 (the configured lift is 1.4).
        Assert.True(weekendPerDay / weekdayPerDay >= 1.2, $"weekend/weekday ratio {weekendPerDay / weekdayPerDay:F2}");
    }

    [Fact]
    public void December_IsTheYearlyPeak()
    {
        var data = DefaultShop.Value.Data;
        var perDay = data.Orders
            .GroupBy(o => new DateTime(o.OrderedAt.Year, o.OrderedAt.Month, 1))
            .ToDictionary(g => g.Key, g => g.Count() / (double)g.Select(o => o.OrderedAt.Date).Distinct().Count());

        // Within calendar 2025 (fully inside the default window), December beats every other month
        // and runs well above the January–October average (measured: 54.9 vs 25.8 orders/day, 2.1×).
        var year = perDay.Where(kv => kv.Key.Year == 2025).ToDictionary();
        var december = year[new DateTime(2025, 12, 1)];
        Assert.All(year.Where(kv => kv.Key.Month != 12), kv => Assert.True(kv.Value < december, $"{kv.Key:yyyy-MM}: {kv.Value:F1}/day ≥ December's {december:F1}"));
        var januaryToOctober = year.Where(kv => kv.Key.Month <= 10).Average(kv => kv.Value);
        Assert.True(december >= 1.4 * januaryToOctober, $"December {december:F1}/day vs Jan–Oct {januaryToOctober:F1}/day");

        // …and the first December of the window is the peak of its own season too.
        Assert.True(perDay[new DateTime(2024, 12, 1)] > perDay[new DateTime(2025, 2, 1)] * 1.3); // measured 36.3 vs 23.7 orders/day
    }

    [Fact]
    public void Churners_StopBuyingAtTheirChurnDate_WhileOthersKeepBuying()
    {
        var (data, truth) = DefaultShop.Value;
        var lastOrder = data.Orders.GroupBy(o => o.CustomerId).ToDictionary(g => g.Key, g => g.Max(o => o.OrderedAt));
        var recent = truth.End.AddDays(-90);

        Assert.InRange(truth.ChurnDates.Count, 0.2 * data.Customers.Count, 0.4 * data.Customers.Count);
        Assert.All(data.Orders.Where(o => truth.ChurnDates.ContainsKey(o.CustomerId)), o => Assert.True(o.OrderedAt < truth.ChurnDates[o.CustomerId]));
        Assert.DoesNotContain(truth.ChurnDates, kv => kv.Value < recent && lastOrder.TryGetValue(kv.Key, out var last) && last >= recent);

        // Long-standing non-churners: measured 71.5 % ordered in the last 90 days.
        var loyalists = data.Customers.Where(c => !truth.ChurnDates.ContainsKey(c.CustomerId) && c.SignupAt < truth.End.AddDays(-365)).ToList();
        var stillBuying = loyalists.Count(c => lastOrder.TryGetValue(c.CustomerId, out var last) && last >= recent);
        Assert.True(stillBuying >= 0.5 * loyalists.Count, $"only {stillBuying} of {loyalists.Count} long-standing non-churners ordered in the last 90 days");
    }

    [Fact]
    public void Churners_BuyLessInTheWeeksBeforeChurning()
    {
        var (data, truth) = DefaultShop.Value;
        var signup = data.Customers.ToDictionary(c => c.CustomerId, c => c.SignupAt);
        var windowStart = new SyntheticShopOptions().StartDate;
        double before = 0, fading = 0;
        foreach (var order in data.Orders)
        {
            // Only churners who were active through the whole 180 days before churning.
            if (truth.ChurnDates.TryGetValue(order.CustomerId, out var churnAt) && churnAt.AddDays(-181) > (signup[order.CustomerId] > windowStart ? signup[order.CustomerId] : windowStart))
            {
                var daysLeft = (churnAt - order.OrderedAt).TotalDays;
                before += daysLeft is >= 60 and < 180 ? 1 : 0;
                fading += daysLeft < 60 ? 1 : 0;
            }
        }

        // Per day: the last 60 days vs the 120 days before them (measured 0.53; no fade would be ≈ 1).
        var ratio = fading / 60 / (before / 120);
        Assert.True(ratio < 0.8, $"order rate in the last 60 days before churn is {ratio:F2}× the earlier rate");
    }

    [Fact]
    public void RepeatBuyersAndNewSignups_Exist()
    {
        var (data, truth) = DefaultShop.Value;
        var ordersPerBuyer = data.Orders.GroupBy(o => o.CustomerId).Select(g => g.Count()).ToList();
        var start = new SyntheticShopOptions().StartDate;

        // Measured at the defaults: 89.5 % of buyers order at least twice, 66.1 % at least five times; 1,205 of 2,000 customers sign up inside the window.
        Assert.True(ordersPerBuyer.Count(n => n >= 2) >= 0.5 * ordersPerBuyer.Count);
        Assert.Contains(ordersPerBuyer, n => n >= 10);
        Assert.InRange(data.Customers.Count(c => c.SignupAt >= start && c.SignupAt < truth.End), 0.4 * data.Customers.Count, 0.8 * data.Customers.Count);
    }

    [Fact]
    public void Baskets_MixAffineCategories()
    {
        var data = DefaultShop.Value.Data;
        var category = data.Products.ToDictionary(p => p.ProductId, p => p.Category);
        var categoryShare = data.OrderItems.GroupBy(i => category[i.ProductId]).Select(g => (double)g.Count() / data.OrderItems.Count).ToList();
        var sameByChance = categoryShare.Sum(s => s * s);

        long pairs = 0, samePairs = 0;
        foreach (var basket in data.OrderItems.GroupBy(i => i.OrderId).Select(g => g.Select(i => category[i.ProductId]).ToList()).Where(b => b.Count > 1))
        {
            for (var a = 0; a < basket.Count; a++)
            {
                for (var b = a + 1; b < basket.Count; b++)
                {
                    pairs++;
                    samePairs += basket[a] == basket[b] ? 1 : 0;
                }
            }
        }

        // Measured at the defaults: 2.39× as many same-category pairs as independent picks would give.
        var lift = samePairs / (double)pairs / sameByChance;
        Assert.True(lift >= 1.8, $"same-category pair lift {lift:F2}");
    }

    [Fact]
    public void Events_AreConsistentWithOrders()
    {
        var data = SyntheticShop.Generate(Small);
        var orderById = data.Orders.ToDictionary(o => o.OrderId);
        var events = data.Events.ToLookup(e => (e.CustomerId, e.ProductId));

        Assert.Equal(data.OrderItems.Count, data.Events.Count(e => e.Type == ShopEventType.Purchase));
        foreach (var item in data.OrderItems)
        {
            var order = orderById[item.OrderId];
            var trail = events[(order.CustomerId, item.ProductId)].ToList();
            Assert.Contains(trail, e => e.Type == ShopEventType.Purchase && e.OccurredAt == order.OrderedAt);
            Assert.Contains(trail, e => e.Type == ShopEventType.View && e.OccurredAt < order.OrderedAt);
            Assert.Contains(trail, e => e.Type == ShopEventType.AddToCart && e.OccurredAt < order.OrderedAt);
        }

        Assert.True(data.Events.Count(e => e.Type == ShopEventType.View) > data.OrderItems.Count, "browsing without buying should add views");
        Assert.Equal(data.Events.OrderBy(e => e.OccurredAt).Select(e => e.OccurredAt), data.Events.Select(e => e.OccurredAt));
    }

    [Fact]
    public void Products_HaveReadableUniqueNamesAndPrices()
    {
        var data = DefaultShop.Value.Data;

        Assert.Equal(data.Products.Count, data.Products.Select(p => p.Name).Distinct().Count());
        Assert.All(data.Products, p =>
        {
            Assert.Matches(@"^[A-Z][a-z\-]+( [A-Z][A-Za-z\-]+){1,4}$", p.Name);
            Assert.True(p.Price > 0, $"{p.Name} costs {p.Price}");
        });
        var price = data.Products.ToDictionary(p => p.ProductId, p => p.Price);
        Assert.All(data.OrderItems.Take(1_000), i => Assert.Equal(price[i.ProductId], i.UnitPrice));
    }

    [Fact]
    public void Generate_WithoutEvents_OmitsThem()
    {
        Assert.Empty(SyntheticShop.Generate(Small with { Events = false }).Events);
    }

    [Fact]
    public void Generate_OptionOutOfRange_NamesTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => SyntheticShop.Generate(Small with { Categories = 100 }));

        Assert.Contains("Categories = 100", error.Message, StringComparison.Ordinal);
    }
}
