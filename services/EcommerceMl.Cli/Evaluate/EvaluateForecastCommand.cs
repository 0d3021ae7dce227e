using System.CommandLine;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Datasets;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Forecasting.Calendar;
using EcommerceMl.Ml.Forecasting.Demand;
using EcommerceMl.Ml.Forecasting.Ets;

namespace EcommerceMl.Cli.Evaluate;

/// <summary>
/// `ecml evaluate forecast`: every forecasting method, baselines included, on a public dataset.
/// peyton-manning: Prophet's diagnostics protocol (initial 730 d, period 180 d, horizon 365 d, first
/// 10% window). online-retail: daily units, the last 28 days held out.
/// </summary>
internal static class EvaluateForecastCommand
{
    public const string PeytonManning = "peyton-manning";
    public const string OnlineRetail = "online-retail";

    public static Command Create()
    {
        var dataset = ReportCommand.DatasetOption(PeytonManning, OnlineRetail);
        var format = ReportCommand.FormatOption();
        var command = new Command("forecast", "Evaluate every forecasting method (naive, seasonal naive, ETS, conformal ETS) on a public dataset.") { dataset, format };
        ReportCommand.SetAction(command, dataset, format, (_, name) => Run(name, DatasetLocator.Locate(FolderOf(name))));
        return command;
    }

    /// <summary>Loads the dataset from <paramref name="folder"/> and runs its protocol over every method.</summary>
    public static MetricsReport Run(string dataset, string folder) => dataset switch
    {
        PeytonManning => ForecastEvaluator.RollingOrigin(
            dataset,
            DailySeriesBuilder.ShopWithGaps(PeytonManningLoader.Load(folder).Data),
            ForecastMethods.All(calendar: HolidayCalendar.NflPeytonManning),
            new ForecastEvaluator.RollingOriginProtocol()),
        OnlineRetail => OnlineRetailReport(dataset, OnlineRetailLoader.Load(folder).Data),
        _ => throw new ArgumentException($"Unknown forecast dataset '{dataset}'. Accepted: {PeytonManning}, {OnlineRetail}.", nameof(dataset)),
    };

    /// <summary>
    /// Every series method on the shop's daily units, lightgbm-demand among them (fitted on the shop
    /// series alone), then the global lightgbm-demand model: the shop as the sum of its products, and
    /// per-product scores on the top 100 products (see <see cref="DemandEvaluation"/>).
    /// </summary>
    private static MetricsReport OnlineRetailReport(string dataset, ShopData data)
    {
        var shop = DailySeriesBuilder.Build(data, measure: DailyMeasure.Units)[0];
        var calendar = HolidayCalendar.OnlineRetail;
        var report = ForecastEvaluator.Holdout(dataset, DailyMeasure.Units.Name(), shop, [.. ForecastMethods.All(calendar: HolidayCalendar.UnitedKingdomClosed), new LightGbmDemandMethod(shop.Start, calendar)]);
        var demand = DemandEvaluation.Holdout(data, new DemandOptions(calendar), combineWith: new EtsMethod());
        ISeriesForecastMethod[] topDown = [new EtsMethod(), new EtsMethod(calendar: HolidayCalendar.UnitedKingdomClosed), new SeasonalNaiveMethod(), new ThetaMethod()];
        var validated = ValidatedCombinationEvaluation.HoldoutRows(data, topDown, new DemandOptions(calendar));
        return report with
        {
            Protocol = report.Protocol + "; lightgbm-demand-sum = Σ of the global model's per-product forecasts; mean(…) = equal-weight mean; " +
                $"validated-mean(…) = the mean of the subset of {{{string.Join(", ", topDown.Select(m => m.Name))}, lightgbm-demand-sum}} with the lowest mean MASE at {ValidatedCombinationEvaluation.DefaultValidationOrigins} rolling origins 28 days apart inside the training window; " +
                $"inverse-mse-mean(…) = all of them weighted by 1 / their mean squared error at those origins; " +
                "top100-products rows: mean per-product MASE/sMAPE over the 100 best sellers of the training days, pooled 80% coverage",
            Results = [.. report.Results, .. demand.Take(2), .. validated, .. demand.Skip(2)],
        };
    }

    private static string FolderOf(string dataset) => dataset == PeytonManning ? PeytonManningLoader.FolderName : dataset;
}
