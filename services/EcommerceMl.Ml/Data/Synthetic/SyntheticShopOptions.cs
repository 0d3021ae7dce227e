namespace EcommerceMl.Ml.Data.Synthetic;

/// <summary>
/// Sizes and shape of a generated shop. The defaults give ~2,000 customers over two years, so a
/// year-over-year pattern exists, and generate in well under a second. Same options, same shop.
/// </summary>
public sealed record SyntheticShopOptions
{
    public int Customers { get; init; } = 2_000;

    public int Products { get; init; } = 300;

    public int Categories { get; init; } = 12;

    /// <summary>Length of the trading window; orders fall in [StartDate, StartDate + Days).</summary>
    public int Days { get; init; } = 730;

    /// <summary>A fixed date (not the clock), so that generation is deterministic.</summary>
    public DateTime StartDate { get; init; } = new(2024, 11, 4);

    public int Seed { get; init; } = 42;

    /// <summary>Share of customers who stop buying at some point in the window.</summary>
    public double ChurnShare { get; init; } = 0.3;

    /// <summary>Share of customers who signed up before the window; the rest sign up during it.</summary>
    public double InitialCustomerShare { get; init; } = 0.4;

    /// <summary>Share of customers in the loyalty programme (they buy more and churn less).</summary>
    public double LoyaltyShare { get; init; } = 0.3;

    /// <summary>Mean orders per active customer per 30 days, before seasonality.</summary>
    public double OrdersPerCustomerPerMonth { get; init; } = 0.7;

    /// <summary>Zipf exponent of product popularity (higher = longer head).</summary>
    public double PopularityExponent { get; init; } = 1.1;

    /// <summary>Order rate on Saturdays and Sundays relative to weekdays.</summary>
    public double WeekendLift { get; init; } = 1.4;

    /// <summary>Extra order rate at the mid-December peak (0.9 = +90 %).</summary>
    public double DecemberPeak { get; init; } = 0.9;

    /// <summary>Days before the churn date over which a churner's order rate fades (0 = no fade).</summary>
    public int ChurnDecayDays { get; init; } = 60;

    /// <summary>Whether to generate view / add_to_cart / purchase events alongside the orders.</summary>
    public bool Events { get; init; } = true;

    /// <summary>
    /// Whether <see cref="ShopData.Searches"/> gets the shop's search sessions (<see cref="SyntheticSearchSessions"/>,
    /// its own random stream seeded from <see cref="Seed"/>). Off by default; the five tables are the same either way.
    /// </summary>
    public bool SearchSessions { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first option out of range.</summary>
    public void Validate()
    {
        Require(Customers is >= 1 and <= 1_000_000, nameof(Customers), Customers, "between 1 and 1,000,000");
        Require(Products is >= 1 and <= 1_000_000, nameof(Products), Products, "between 1 and 1,000,000");
        Require(Categories >= 1 && Categories <= Products, nameof(Categories), Categories, $"between 1 and Products ({Products})");
        Require(Days is >= 7 and <= 3_660, nameof(Days), Days, "between 7 and 3,660");
        Require(ChurnShare is >= 0 and <= 1, nameof(ChurnShare), ChurnShare, "between 0 and 1");
        Require(InitialCustomerShare is >= 0 and <= 1, nameof(InitialCustomerShare), InitialCustomerShare, "between 0 and 1");
        Require(LoyaltyShare is >= 0 and <= 1, nameof(LoyaltyShare), LoyaltyShare, "between 0 and 1");
        Require(OrdersPerCustomerPerMonth is > 0 and <= 30, nameof(OrdersPerCustomerPerMonth), OrdersPerCustomerPerMonth, "above 0 and at most 30");
        Require(PopularityExponent is >= 0 and <= 5, nameof(PopularityExponent), PopularityExponent, "between 0 and 5");
        Require(WeekendLift is > 0 and <= 10, nameof(WeekendLift), WeekendLift, "above 0 and at most 10");
        Require(DecemberPeak is >= 0 and <= 10, nameof(DecemberPeak), DecemberPeak, "between 0 and 10");
        Require(ChurnDecayDays is >= 0 and <= 365, nameof(ChurnDecayDays), ChurnDecayDays, "between 0 and 365");
    }

    private static void Require(bool ok, string name, object value, string expected)
    {
        if (!ok)
        {
            throw new ArgumentException($"synthetic shop option {name} = {value} is out of range (expected {expected})", name);
        }
    }
}
