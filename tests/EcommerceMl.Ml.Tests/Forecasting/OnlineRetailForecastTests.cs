using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Forecasting;

/// <summary>
/// Seasonal naive on the real UCI Online Retail data against the reference figures in its README
/// (../shared/data/online-retail/README.md: daily revenue, last 28 days held out, MASE 1.376,
/// sMAPE 0.215), read with the project's loader.
/// </summary>
public class OnlineRetailForecastTests
{
    [Fact]
    public void SeasonalNaive_OnOnlineRetailRevenue_MatchesTheReferenceFigures()
    {
        var shop = OnlineRetailTestData.Load(withGuests: true);
        if (shop is null)
        {
            Assert.Skip(OnlineRetailTestData.SkipReason);
        }
        var outcome = new ForecastPipeline().Train(new TrainingRequest(shop, "seasonal-naive", new Dictionary<string, string>()));

        // The README's reference counts every sales line; the project's loader also leaves out
        // postage, manual adjustments and fees (non-product stock codes), which moves the figures
        // a little: they must stay within 5% of the reference.
        Assert.InRange(outcome.Metrics["mase"], 1.376 * 0.95, 1.376 * 1.05);
        Assert.InRange(outcome.Metrics["smape"], 0.215 * 0.95, 0.215 * 1.05);
        Assert.Equal(new DateTime(2011, 11, 12), outcome.EvaluationCutoff);
        var model = (IForecaster)outcome.Model;
        Assert.Equal(new DateOnly(2011, 12, 9), model.LastObservedDate);
        Assert.True(model.Scopes.Count(s => s.StartsWith("product:", StringComparison.Ordinal)) > 1000);
    }
}
