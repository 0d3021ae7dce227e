using System.Globalization;
using EcommerceMl.Cli;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Postgres.Tests;

/// <summary>
/// The seed pipeline's analyst queries (docs/sql) against the output tables written by
/// `ecml predict batch`; each expected answer is computed independently from the stored model.
/// An older version's rows are present too: the queries must only see the newest.
/// </summary>
public sealed class AnalystQueryTests(TrainedShop shop) : IClassFixture<TrainedShop>
{
    private const string OlderVersion = "20000101T000000Z-000000";

    [Fact]
    public async Task TopN_ReturnsTheProductsRecommendationsByRank()
    {
        var (rows, product) = await RecommendationsAsync();
        var expected = rows.Where(r => r.ProductId == product).OrderBy(r => r.Rank).Take(10).ToList();

        var actual = await QueryAsync("recommendations_top_n.sql", ("model", TrainedShop.Recommendations), ("product_id", product));

        Assert.Equal(expected.Select(r => r.RecommendedProductId), actual.Select(r => (string)r[1]!));
        Assert.Equal(expected.Select(r => r.Rank), actual.Select(r => (int)r[3]!));
        Assert.Equal(expected.Select(r => r.CoBuyers), actual.Select(r => (int)r[4]!));
        Assert.All(actual, r => Assert.Equal(product, r[0]));
    }

    [Fact]
    public async Task MostCoBought_OrdersByCoBuyersThenRank()
    {
        var (rows, product) = await RecommendationsAsync();
        var expected = rows.Where(r => r.ProductId == product).OrderByDescending(r => r.CoBuyers).ThenBy(r => r.Rank).Take(10).ToList();

        var actual = await QueryAsync("recommendations_most_co_bought.sql", ("model", TrainedShop.Recommendations), ("product_id", product));

        Assert.Equal(expected.Select(r => (r.RecommendedProductId, r.CoBuyers)), actual.Select(r => ((string)r[0]!, (int)r[1]!)));
    }

    [Fact]
    public async Task SymmetricCheck_FindsTheWayBackExactlyWhenItIsRecommended()
    {
        var (rows, product) = await RecommendationsAsync();
        var pairs = rows.Select(r => (r.ProductId, r.RecommendedProductId)).ToHashSet();
        var expected = rows.Where(r => r.ProductId == product).OrderBy(r => r.Rank)
            .Select(r => (r.RecommendedProductId, Back: pairs.Contains((r.RecommendedProductId, product)))).ToList();

        var actual = await QueryAsync("recommendations_symmetric_check.sql", ("model", TrainedShop.Recommendations), ("product_id", product));

        Assert.Equal(expected.Select(e => e.RecommendedProductId), actual.Select(r => (string)r[1]!));
        Assert.Equal(expected.Select(e => e.Back), actual.Select(r => r[3] is not null));
        Assert.Contains(expected, e => e.Back);
        Assert.All(actual.Where(r => r[3] is not null), r => Assert.Equal(product, r[3]));
    }

    [Fact]
    public async Task Pairs_CollapseBothDirectionsIntoOneRow()
    {
        var (rows, _) = await RecommendationsAsync();
        var expected = rows
            .GroupBy(r => string.CompareOrdinal(r.ProductId, r.RecommendedProductId) < 0 ? (r.ProductId, r.RecommendedProductId) : (r.RecommendedProductId, r.ProductId))
            .Select(g => (A: g.Key.Item1, B: g.Key.Item2, Score: g.Max(r => r.Score), CoBuyers: g.Max(r => r.CoBuyers)))
            .OrderByDescending(p => p.Score).ThenBy(p => p.A, StringComparer.Ordinal).ThenBy(p => p.B, StringComparer.Ordinal)
            .Take(20).ToList();

        var actual = await QueryAsync("recommendations_pairs.sql", ("model", TrainedShop.Recommendations));

        Assert.Equal(expected.Select(p => (p.A, p.B, p.CoBuyers)), actual.Select(r => ((string)r[0]!, (string)r[1]!, (int)r[3]!)));
        Assert.Equal(expected.Select(p => p.Score), actual.Select(r => (double)r[2]!));
    }

    [Fact]
    public async Task CustomerTopN_ReturnsTheCustomersRecommendationsByRank_WithTheProducts()
    {
        var (rows, _) = await CustomerRecommendationsAsync();
        var customer = rows[rows.Count / 3].CustomerId;
        var expected = rows.Where(r => r.CustomerId == customer).OrderBy(r => r.Rank).ToList();
        var products = TestShops.Small.Products.ToDictionary(p => p.ProductId);

        var actual = await QueryAsync("customer_recommendations_top_n.sql", ("model", TrainedShop.Recommendations), ("customer_id", customer));

        Assert.Equal(expected.Select(r => (r.Rank, r.RecommendedProductId, r.Score)), actual.Select(r => ((int)r[0]!, (string)r[1]!, (double)r[5]!)));
        Assert.Equal(expected.Select(r => products[r.RecommendedProductId].Category), actual.Select(r => (string)r[3]!));
    }

    [Fact]
    public async Task CustomerReach_CountsTheCustomersEachProductIsRecommendedTo()
    {
        var (rows, customers) = await CustomerRecommendationsAsync();
        var expected = rows.GroupBy(r => r.RecommendedProductId)
            .Select(g => (Product: g.Key, Customers: g.Count(), AvgRank: g.Average(r => r.Rank)))
            .OrderByDescending(p => p.Customers).ThenBy(p => p.Product, StringComparer.Ordinal).Take(20).ToList();

        var actual = await QueryAsync("customer_recommendations_reach.sql", ("model", TrainedShop.Recommendations));

        Assert.Equal(expected.Select(e => (e.Product, (long)e.Customers)), actual.Select(r => ((string)r[0]!, (long)r[1]!)));
        Assert.All(expected.Zip(actual), p =>
        {
            Assert.Equal(Math.Round(p.First.Customers * 100.0 / customers, 1), (double)(decimal)p.Second[2]!, 6);
            Assert.Equal(p.First.AvgRank, (double)(decimal)p.Second[3]!, 2);
        });
    }

    [Fact]
    public async Task CustomerCoverage_CountsEachCategorysProductsAndSlots()
    {
        var (rows, _) = await CustomerRecommendationsAsync();
        var categoryOf = TestShops.Small.Products.ToDictionary(p => p.ProductId, p => p.Category);
        var expected = TestShops.Small.Products.GroupBy(p => p.Category)
            .Select(g => (Category: g.Key, Products: g.Count(),
                Recommended: rows.Where(r => categoryOf[r.RecommendedProductId] == g.Key).Select(r => r.RecommendedProductId).Distinct().Count(),
                Slots: rows.Count(r => categoryOf[r.RecommendedProductId] == g.Key)))
            .OrderByDescending(c => c.Slots).ThenBy(c => c.Category, StringComparer.Ordinal).ToList();

        var actual = await QueryAsync("customer_recommendations_coverage.sql", ("model", TrainedShop.Recommendations));

        Assert.Equal(expected.Select(e => (e.Category, (long)e.Products, (long)e.Recommended, (long)e.Slots)),
            actual.Select(r => ((string)r[0]!, (long)r[1]!, (long)r[2]!, (long)r[3]!)));
        Assert.Equal(100.0, actual.Sum(r => (double)(decimal)r[4]!), 0);
    }

    [Fact]
    public async Task CustomerHits_CountPerRankTheRecommendationsBoughtSinceTheDay()
    {
        var (rows, _) = await CustomerRecommendationsAsync();
        var customer = rows[rows.Count / 2].CustomerId;
        var mine = rows.Where(r => r.CustomerId == customer).OrderBy(r => r.Rank).ToList();
        var notRecommended = TestShops.Small.Products.Select(p => p.ProductId).First(p => mine.All(r => r.RecommendedProductId != p));
        // Weeks after the data (and after the forecast the other queries read): the customer buys its 1st and 3rd recommendation, and something else.
        var since = TrainedShop.Today.AddDays(40);
        var orderId = "hits-" + Guid.NewGuid().ToString("N");
        await shop.Database.CountAsync(
            $"WITH o AS (INSERT INTO orders VALUES ('{orderId}', '{customer}', '{since:yyyy-MM-dd} 11:00:00') RETURNING 1), " +
            $"i AS (INSERT INTO order_items VALUES ('{orderId}', 1, '{mine[0].RecommendedProductId}', 1, 3.0), ('{orderId}', 2, '{mine[2].RecommendedProductId}', 2, 5.0), " +
            $"('{orderId}', 3, '{notRecommended}', 1, 1.0) RETURNING 1) SELECT (SELECT count(*) FROM o) + (SELECT count(*) FROM i)");

        var actual = await QueryAsync("customer_recommendations_hits.sql", ("model", TrainedShop.Recommendations), ("since", since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)));

        var perRank = rows.GroupBy(r => r.Rank).OrderBy(g => g.Key).Select(g => (Rank: (int?)g.Key, Recommendations: (long)g.Count(), Bought: g.Key is 1 or 3 ? 1L : 0L));
        var expected = perRank.Append((Rank: null, Recommendations: (long)rows.Count, Bought: 2L)).ToList();
        Assert.Equal(expected, actual.Select(r => ((int?)r[0], (long)r[1]!, (long)r[2]!)));
        Assert.Equal(Math.Round(200.0 / rows.Count, 2), (double)(decimal)actual[^1][3]!, 6);
    }

    [Fact]
    public async Task RowCounts_IncludeEveryOutputTable()
    {
        await shop.ReadyAsync();

        var actual = await QueryAsync("row_counts.sql");

        Assert.Contains(actual, r => (string)r[0]! == "customer_recommendations" && (long)r[1]! > 0);
        Assert.Equal(["customers", "products", "orders", "order_items", "events", "customer_recommendations", "product_recommendations", "sales_forecast"], actual.Select(r => (string)r[0]!));
    }

    [Fact]
    public async Task Latest14Days_AreTheLastDaysOfTheShopForecast()
    {
        var forecast = await ShopForecastAsync();
        var expected = forecast.OrderByDescending(p => p.Date).Take(14).ToList();

        var actual = await QueryAsync("forecast_latest_14_days.sql", ("model", TrainedShop.Sales));

        Assert.Equal(expected.Select(p => p.Date), actual.Select(r => (DateOnly)r[0]!));
        Assert.Equal(expected.Select(p => p.Predicted), actual.Select(r => (double)r[1]!));
    }

    [Fact]
    public async Task Weekly_AveragesTheForecastPerIsoWeek()
    {
        var forecast = await ShopForecastAsync();
        var expected = forecast
            .GroupBy(p => string.Create(CultureInfo.InvariantCulture, $"{ISOWeek.GetYear(p.Date.ToDateTime(TimeOnly.MinValue))}-{ISOWeek.GetWeekOfYear(p.Date.ToDateTime(TimeOnly.MinValue)):00}"))
            .OrderByDescending(g => g.Key, StringComparer.Ordinal).Take(8)
            .Select(g => (Week: g.Key, Avg: g.Average(p => p.Predicted), Lo: g.Average(p => p.Lower)))
            .ToList();

        var actual = await QueryAsync("forecast_weekly.sql", ("model", TrainedShop.Sales));

        Assert.Equal(expected.Select(e => e.Week), actual.Select(r => (string)r[0]!));
        Assert.All(expected.Zip(actual), p =>
        {
            Assert.Equal(p.First.Avg, (double)p.Second[1]!, 6);
            Assert.Equal(p.First.Lo, (double)p.Second[2]!, 6);
        });
    }

    [Fact]
    public async Task ForecastVsActuals_JoinsDailyRevenueFromOrderLines()
    {
        var forecast = await ShopForecastAsync();
        var day = forecast.OrderBy(p => p.Date).First().Date;
        var customer = TestShops.Small.Customers[0].CustomerId;
        var product = TestShops.Small.Products[0].ProductId;
        var orderId = "late-" + Guid.NewGuid().ToString("N");
        // Time passes: the first forecast day's orders arrive (two lines: 2 x 10.5 + 1 x 4).
        await shop.Database.CountAsync(
            $"WITH o AS (INSERT INTO orders VALUES ('{orderId}', '{customer}', '{day:yyyy-MM-dd} 10:30:00') RETURNING 1), " +
            $"i AS (INSERT INTO order_items VALUES ('{orderId}', 1, '{product}', 2, 10.5), ('{orderId}', 2, '{product}', 1, 4) RETURNING 1) " +
            "SELECT (SELECT count(*) FROM o) + (SELECT count(*) FROM i)");

        var actual = await QueryAsync("forecast_vs_actuals.sql", ("model", TrainedShop.Sales));

        Assert.Equal(Math.Min(30, forecast.Count), actual.Count);
        var first = Assert.Single(actual, r => (DateOnly)r[0]! == day);
        Assert.Equal(25.0, (double)first[4]!, 9);
        Assert.Equal(forecast.First(p => p.Date == day).Predicted, (double)first[1]!);
        Assert.All(actual.Where(r => (DateOnly)r[0]! != day), r => Assert.Null(r[4]));
    }

    private async Task<(List<ProductSimilarityRow> Rows, string Product)> RecommendationsAsync()
    {
        await shop.ReadyAsync();
        await SeedOlderVersionAsync();
        var stored = await shop.ModelAsync(TrainedShop.Recommendations);
        var recommender = (IRecommender)stored.Model;
        var rows = BatchPredictions.ForProducts(recommender, BatchPredictions.Products(recommender), 10).ToList();
        // A product whose list is full and has ties in co_buyers would be ideal; the fullest will do.
        var product = rows.GroupBy(r => r.ProductId).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
        return (rows, product);
    }

    /// <summary>The top-10 of every customer the model knows, computed from the model as the API answers; and how many customers.</summary>
    private async Task<(List<CustomerRecommendationRow> Rows, int Customers)> CustomerRecommendationsAsync()
    {
        await shop.ReadyAsync();
        await SeedOlderVersionAsync();
        var recommender = (IRecommender)(await shop.ModelAsync(TrainedShop.Recommendations)).Model;
        var customers = BatchPredictions.Customers(recommender);
        var rows = BatchPredictions.ForCustomers(recommender, customers, 10).ToList();
        return (rows, rows.Select(r => r.CustomerId).Distinct().Count());
    }

    private async Task<List<ForecastPoint>> ShopForecastAsync()
    {
        await shop.ReadyAsync();
        await SeedOlderVersionAsync();
        var stored = await shop.ModelAsync(TrainedShop.Sales);
        var forecaster = (IForecaster)stored.Model;
        return [.. forecaster.Forecast(ForecastScope.Shop, new ForecastWindow(forecaster.LastObservedDate, TrainedShop.Today, 28), 0.8)!];
    }

    /// <summary>Rows of an older version of both models, which the latest_* views must hide.</summary>
    private async Task SeedOlderVersionAsync()
    {
        await using var dataSource = shop.Database.OpenDataSource();
        var product = TestShops.Small.Products;
        await PostgresOutputWriter.ReplaceRecommendationsAsync(dataSource, TrainedShop.Recommendations, OlderVersion,
            product.Skip(1).Select((p, i) => new ProductSimilarityRow(product[0].ProductId, p.ProductId, 2.0, i + 1, 999)), TestContext.Current.CancellationToken);
        // Every customer's first slot taken by one product in the older version: reach and coverage would show it.
        await PostgresBatchWriter.WriteShardAsync(dataSource, BatchTables.CustomerRecommendations, new BatchShard(TrainedShop.Recommendations, OlderVersion, 0, 1, null, null),
            TestShops.Small.Customers.Select(c => new CustomerRecommendationRow(c.CustomerId, 1, product[0].ProductId, 99.0)), TestContext.Current.CancellationToken);
        await PostgresOutputWriter.ReplaceForecastAsync(dataSource, TrainedShop.Sales, OlderVersion,
            Enumerable.Range(0, 400).Select(d => new SalesForecastRow(new DateOnly(2030, 1, 1).AddDays(d), ForecastScope.Shop, -1, -2, 0)), TestContext.Current.CancellationToken);
    }

    private async Task<List<object?[]>> QueryAsync(string file, params (string Name, string Value)[] variables)
    {
        await using var dataSource = shop.Database.OpenDataSource();
        return await AnalystQuery.RunAsync(dataSource, file, variables);
    }
}
