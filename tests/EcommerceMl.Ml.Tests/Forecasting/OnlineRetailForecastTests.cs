using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Forecasting;

/// <summary>
/// Seasonal naive on the real UCI Online Retail data against the reference figures in its README
/// (../shared/data/online-retail/README.md: daily revenue, last 28 days held out, MASE 1.376,
/// sMAPE 0.215), read with <see cref="OnlineRetailTestData"/>.
/// </summary>
public class OnlineRetailForecastTests
{
    [Fact]
    public void SeasonalNaive_OnOnlineRetailRevenue_MatchesTheReferenceFigures()
    {
        var folder = OnlineRetailTestData.Folder();
        if (folder is null)
        {
            Assert.Skip("../shared/data/online-retail is absent (it is never copied into the repository); this test needs it.");
        }

        var shop = OnlineRetailTestData.ReadSales(folder, withGuests: true);
        var outcome = new ForecastPipeline().Train(new TrainingRequest(shop, "seasonal-naive", new Dictionary<string, string>()));

        Assert.Equal(1.376, outcome.Metrics["mase"], tolerance: 0.0005);
        Assert.Equal(0.215, outcome.Metrics["smape"], tolerance: 0.0005);
        Assert.Equal(new DateTime(2011, 11, 12), outcome.EvaluationCutoff);
        var model = (IForecaster)outcome.Model;
        Assert.Equal(new DateOnly(2011, 12, 9), model.LastObservedDate);
        Assert.True(model.Scopes.Count(s => s.StartsWith("product:", StringComparison.Ordinal)) > 1000);
    }
}
