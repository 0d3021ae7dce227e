using EcommerceMl.Ml.Forecasting.Calendar;
using EcommerceMl.Ml.Trees;

namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>
/// The compact binary file of <see cref="LightGbmDemandForecaster"/>, little-endian:
/// <code>
/// "ECMLDMND" | version:int32 = 1 | algorithm:str | calendar spec:str | lastObserved:int32 (DayNumber)
/// | trainedHorizon:int32 | trendThreshold:float64 | window:int32 | yearlyFeatures:int32 (0/1) | trees (TreeEnsemble) | shopWindow:float64[]
/// | productCount:int32, per product: id:str | window:float32[] | daysOnSale:int32 | statics:float32[]
/// | 4 calibrations (product daily, product total, shop daily, shop total): bucketCount:int32, per bucket float32[] ascending
/// | end marker:int32
/// </code>
/// Arrays are an int32 length then the values. Reading checks every count and value; forecasts are
/// recomputed from the trees and windows on load, so the file holds the model, not its answers.
/// </summary>
internal static class DemandModelFormat
{
    public const int Version = 1;

    private const int MaxProducts = 10_000_000;
    private const string FileKind = "lightgbm-demand model";

    private static ReadOnlySpan<byte> Magic => "ECMLDMND"u8;

    public static void Write(LightGbmDemandForecaster model, Stream stream)
    {
        using var writer = ModelFile.OpenWriter(stream, Magic, Version);
        BinaryStrings.Write(writer, model.Algorithm);
        BinaryStrings.Write(writer, model.Calendar.Spec);
        writer.Write(model.LastObservedDate.DayNumber);
        writer.Write(model.TrainedHorizon);
        writer.Write(model.TrendThreshold);
        writer.Write(DemandFeatures.Window);
        writer.Write(model.YearlyFeatures ? 1 : 0);
        model.Trees.Write(writer);
        BinaryArrays.Write<double>(writer, model.ShopWindow);
        writer.Write(model.Products.Count);
        foreach (var product in model.Products)
        {
            BinaryStrings.Write(writer, product.ProductId);
            BinaryArrays.Write<float>(writer, [.. product.Window.Select(v => (float)v)]);
            writer.Write(product.DaysOnSale);
            BinaryArrays.Write<float>(writer, product.Statics);
        }

        var calibrations = model.Calibrations;
        foreach (var calibration in new[] { calibrations.ProductDaily, calibrations.ProductTotal, calibrations.ShopDaily, calibrations.ShopTotal })
        {
            writer.Write(calibration.BucketCount);
            foreach (var bucket in calibration.Sorted)
            {
                BinaryArrays.Write<float>(writer, bucket);
            }
        }

        writer.Write(ModelFile.EndMarker);
    }

    public static LightGbmDemandForecaster Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new SafeReader(stream, FileKind);
        reader.ReadHeader(Magic, Version);

        var algorithm = reader.ReadString("algorithm");
        if (algorithm != LightGbmDemandForecaster.AlgorithmName)
        {
            throw reader.Malformed($"it holds algorithm '{algorithm}', not '{LightGbmDemandForecaster.AlgorithmName}'");
        }

        HolidayCalendar calendar;
        try
        {
            calendar = HolidayCalendar.Parse(reader.ReadString("calendar"));
        }
        catch (FormatException error)
        {
            throw reader.Malformed($"its calendar is invalid: {error.Message}");
        }

        var lastObserved = reader.ReadInt32("last observed day");
        if (lastObserved < DateOnly.MinValue.DayNumber || lastObserved > DateOnly.MaxValue.DayNumber - LightGbmDemandForecaster.MaxHorizon)
        {
            throw reader.Malformed($"the last observed day number {lastObserved} is not a date");
        }

        var horizon = reader.ReadCount("trained horizon", LightGbmDemandForecaster.MaxHorizon);
        var threshold = reader.ReadDouble("trend threshold");
        var window = reader.ReadCount("feature window", 10_000);
        if (horizon < 1 || window != DemandFeatures.Window || !(threshold >= 0 && threshold < 1))
        {
            throw reader.Malformed($"trained horizon {horizon}, window {window} (this build uses {DemandFeatures.Window}) or trend threshold {threshold} is out of range");
        }

        var yearly = reader.ReadCount("yearly features flag", 1) == 1;
        var trees = TreeEnsemble.Read(reader, DemandFeatures.Count);
        var shopWindow = Finite(reader, reader.ReadArray<double>("shop window", window), "shop window");
        var count = reader.ReadCount("product count", MaxProducts);
        var products = new List<LightGbmDemandForecaster.ProductState>(Math.Min(count, 65_536));
        for (var i = 0; i < count; i++)
        {
            var id = reader.ReadString("product id");
            var units = Finite(reader, [.. reader.ReadArray<float>($"window of product '{id}'", window).Select(v => (double)v)], $"window of product '{id}'");
            var daysOnSale = reader.ReadCount($"days on sale of product '{id}'");
            var statics = reader.ReadArray<float>($"static features of product '{id}'", DemandFeatures.StaticCount);
            if (!statics.All(float.IsFinite))
            {
                throw reader.Malformed($"product '{id}' has a non-finite static feature");
            }

            products.Add(new(id, units, daysOnSale, statics));
        }

        if (products.Select(p => p.ProductId).Distinct(StringComparer.Ordinal).Count() != products.Count)
        {
            throw reader.Malformed("a product appears twice");
        }

        var calibrations = new ConformalCalibration[4];
        for (var c = 0; c < calibrations.Length; c++)
        {
            var buckets = new float[reader.ReadCount("calibration bucket count", ConformalCalibration.BucketEnds.Count)][];
            for (var b = 0; b < buckets.Length; b++)
            {
                buckets[b] = reader.ReadArray<float>("calibration scores");
                if (buckets[b].Length == 0 || buckets[b].Length > ConformalCalibration.MaxScoresPerBucket
                    || buckets[b].Where((s, j) => !float.IsFinite(s) || s < 0 || (j > 0 && s < buckets[b][j - 1])).Any())
                {
                    throw reader.Malformed("a calibration bucket is empty, too long, or not finite, non-negative and ascending");
                }
            }

            calibrations[c] = buckets.Length > 0 ? new ConformalCalibration(buckets) : throw reader.Malformed("a calibration has no bucket");
        }

        reader.ReadEndMarker();
        reader.ReadEnd();

        return new LightGbmDemandForecaster(
            trees, calendar, yearly, horizon, threshold, DateOnly.FromDayNumber(lastObserved), products, shopWindow,
            new DemandCalibrations(calibrations[0], calibrations[1], calibrations[2], calibrations[3]));
    }

    private static double[] Finite(SafeReader reader, double[] values, string what) =>
        values.All(v => double.IsFinite(v) && v >= 0) ? values : throw reader.Malformed($"the {what} has a negative or non-finite value");
}
