using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Postgres.Tests;

public sealed class BatchPredictionTests(TrainedShop shop) : IClassFixture<TrainedShop>
{
    [Fact]
    public async Task Train_FromPostgres_FingerprintsTheRowsThatWereRead()
    {
        await shop.ReadyAsync();
        var store = ModelStores.Open(shop.Store);

        foreach (var model in new[] { TrainedShop.Recommendations, TrainedShop.Sales, TrainedShop.Churn })
        {
            var manifest = await store.GetManifestAsync(model, cancellationToken: TestContext.Current.CancellationToken);
            Assert.NotNull(manifest);
            Assert.Equal(shop.Database.Connection.Display, manifest.Data.Source);
            Assert.Equal(ShopDataFingerprint.Compute(TestShops.Small).Sha256, manifest.Data.Sha256);
            Assert.Equal(TestShops.Small.OrderItems.Count, manifest.Data.Rows["order_items"]);
        }
    }

    [Fact]
    public async Task PredictBatch_Recommendations_WritesTopNPerProductWithCoBuyers()
    {
        await shop.ReadyAsync();
        var stored = await shop.ModelAsync(TrainedShop.Recommendations);
        var recommender = Assert.IsType<ItemCosineRecommender>(stored.Model);
        var version = stored.Manifest.Version;

        var expected = recommender.SimilarityTable().Where(r => r.Rank <= 10).ToList();

        Assert.NotEmpty(expected);
        Assert.Equal(expected.Count, await shop.Database.CountAsync($"SELECT count(*) FROM product_recommendations WHERE model_version = '{version}'"));
        Assert.Equal(0, await shop.Database.CountAsync("SELECT count(*) FROM (SELECT product_id FROM product_recommendations GROUP BY model_version, product_id HAVING count(*) > 10) t"));
        var sample = expected[expected.Count / 2];
        Assert.Equal(1, await shop.Database.CountAsync(
            $"SELECT count(*) FROM product_recommendations WHERE product_id = '{sample.ProductId}' AND recommended_product_id = '{sample.RecommendedProductId}' " +
            $"AND rank = {sample.Rank} AND co_buyers = {sample.CoBuyers}"));
    }

    [Fact]
    public async Task PredictBatch_WhenRunAgain_ReplacesTheVersionsRowsWithoutDuplicates()
    {
        await shop.ReadyAsync();
        var recommendations = await shop.Database.CountAsync("SELECT count(*) FROM product_recommendations");
        var forecast = await shop.Database.CountAsync("SELECT count(*) FROM sales_forecast");

        var again = await shop.PredictAsync(TrainedShop.Recommendations);
        var againForecast = await shop.PredictAsync(TrainedShop.Sales);

        Assert.True(again.Exit == 0, again.Error);
        Assert.True(againForecast.Exit == 0, againForecast.Error);
        Assert.Equal(recommendations, await shop.Database.CountAsync("SELECT count(*) FROM product_recommendations"));
        Assert.Equal(forecast, await shop.Database.CountAsync("SELECT count(*) FROM sales_forecast"));
    }

    [Fact]
    public async Task PredictBatch_ForecastFromAStaleModel_WritesEveryScopeForTheHorizonFromToday()
    {
        await shop.ReadyAsync();
        var stored = await shop.ModelAsync(TrainedShop.Sales);
        var forecaster = Assert.IsAssignableFrom<IForecaster>(stored.Model);
        Assert.Equal(TrainedShop.Today, forecaster.LastObservedDate.AddDays(3)); // two days between the data and today
        var firstDay = TrainedShop.Today.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(0, await shop.Database.CountAsync($"SELECT count(*) FROM sales_forecast WHERE forecast_date < '{firstDay}'"));

        Assert.Equal(forecaster.Scopes.Count * 28L, await shop.Database.CountAsync("SELECT count(*) FROM sales_forecast"));
        Assert.Equal(forecaster.Scopes.Count, await shop.Database.CountAsync($"SELECT count(*) FROM sales_forecast WHERE forecast_date = '{firstDay}'"));
        Assert.Equal(0, await shop.Database.CountAsync("SELECT count(*) FROM sales_forecast WHERE NOT (lower_ci <= predicted_sales AND predicted_sales <= upper_ci)"));
    }

    [Fact]
    public async Task PredictBatch_Churn_ReadsCustomersCsvAndWritesOnePredictionEach()
    {
        await shop.ReadyAsync();
        using var folder = new TemporaryFolder();
        ShopCsvWriter.Write(TestShops.Small, folder.Path);
        var output = folder.File("predictions.csv");

        var churn = Assert.IsAssignableFrom<IChurnModel>((await shop.ModelAsync(TrainedShop.Churn)).Model);
        var known = TestShops.Small.Customers.Where(c => churn.FeaturesOf(c.CustomerId) is not null).Select(c => c.CustomerId).ToList();

        var (exit, console, error) = await Ecml.RunAsync("predict", "batch", "--store", shop.Store, "--model", TrainedShop.Churn,
            "--input", folder.File(ShopCsvFormat.CustomersFile), "--output", output);

        Assert.True(exit == 0, error);
        var lines = File.ReadAllLines(output);
        Assert.Equal("customer_id,probability,risk,next_action", lines[0]);
        Assert.Equal(known, lines.Skip(1).Select(l => l.Split(',')[0]));
        Assert.Contains($"not scored: {TestShops.Small.Customers.Count - known.Count} customers", console, StringComparison.Ordinal);
        var probabilities = lines.Skip(1).Select(l => double.Parse(l.Split(',')[1], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.All(probabilities, p => Assert.InRange(p, 0, 1));
        Assert.True(probabilities.Max() > probabilities.Min(), "every customer got the same churn probability");
    }

    [Fact]
    public async Task PredictBatch_Churn_UsesGivenFeatures_AndReportsBadRowsWithTheirLine()
    {
        await shop.ReadyAsync();
        using var folder = new TemporaryFolder();
        var input = folder.File("new-customers.csv");
        await File.WriteAllLinesAsync(input,
        [
            "customer_id,recency_days,frequency,avg_monetary,tenure_days,loyalty_member",
            "new-1,400,0,20,700,false",
            "new-2,3,12,80,700,true",
            "new-3,soon,1,10,30,false",
        ], TestContext.Current.CancellationToken);

        var (exit, _, error) = await Ecml.RunAsync("predict", "batch", "--store", shop.Store, "--model", TrainedShop.Churn, "--input", input, "--output", folder.File("out.csv"));
        await File.WriteAllLinesAsync(input, (await File.ReadAllLinesAsync(input, TestContext.Current.CancellationToken))[..3], TestContext.Current.CancellationToken);
        var (fixedExit, _, fixedError) = await Ecml.RunAsync("predict", "batch", "--store", shop.Store, "--model", TrainedShop.Churn, "--input", input, "--output", folder.File("out.csv"));

        Assert.Equal(2, exit);
        Assert.Contains("new-customers.csv:4: recency_days 'soon'", error, StringComparison.Ordinal);
        Assert.True(fixedExit == 0, fixedError);
        var rows = File.ReadAllLines(folder.File("out.csv")).Skip(1).Select(l => l.Split(',')).ToList();
        var lapsed = double.Parse(rows[0][1], System.Globalization.CultureInfo.InvariantCulture);
        var active = double.Parse(rows[1][1], System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(lapsed > active, $"a customer gone 400 days ({lapsed}) should be likelier to churn than one who ordered 3 days ago ({active})");
    }

    [Theory]
    [InlineData("--start", "2020-01-01", "--start 2020-01-01 is not after the model's data")]
    [InlineData("--start", "01/02/2026", "--start must be a date as yyyy-MM-dd")]
    [InlineData("--max-gap-days", "1", "would first forecast the 2 days between, and at most 1 are forecast through")]
    [InlineData("--time-zone", "Mars/Olympus", "--time-zone 'Mars/Olympus' is not a time zone")]
    public async Task PredictBatch_ForecastItCannotWrite_ExitsTwoNamingTheDataEnd(string option, string value, string message)
    {
        await shop.ReadyAsync();

        var (exit, _, error) = await Ecml.RunAsync(TrainedShop.Clock, "predict", "batch", "--db", shop.Database.Url, "--store", shop.Store, "--model", TrainedShop.Sales, option, value);

        Assert.True(exit == 2, error);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task PredictBatch_ForecastWithAStart_WritesFromThatDay()
    {
        await shop.ReadyAsync();

        try
        {
            var (exit, output, error) = await Ecml.RunAsync(TrainedShop.Clock, "predict", "batch", "--db", shop.Database.Url, "--store", shop.Store, "--model", TrainedShop.Sales, "--start", "2025-08-01", "--horizon", "7");

            Assert.True(exit == 0, error);
            Assert.Contains("forecast 2025-08-01 to 2025-08-07", output, StringComparison.Ordinal);
            Assert.Equal(7, await shop.Database.CountAsync("SELECT count(DISTINCT forecast_date) FROM sales_forecast"));
            Assert.Equal(0, await shop.Database.CountAsync("SELECT count(*) FROM sales_forecast WHERE forecast_date < '2025-08-01'"));
        }
        finally
        {
            // The other tests of this class read the loop's forecast: put it back.
            Assert.Equal(0, (await shop.PredictAsync(TrainedShop.Sales)).Exit);
        }
    }

    [Fact]
    public async Task PredictBatch_WithoutDatabase_NamesTheOptionAndVariable()
    {
        await shop.ReadyAsync();
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable(PostgresConnection.EnvironmentVariable)))
        {
            Assert.Skip("ECML_DB is set in this environment");
        }

        var (exit, _, error) = await Ecml.RunAsync("predict", "batch", "--store", shop.Store, "--model", TrainedShop.Sales);

        Assert.Equal(2, exit);
        Assert.Contains("ECML_DB", error, StringComparison.Ordinal);
    }
}
