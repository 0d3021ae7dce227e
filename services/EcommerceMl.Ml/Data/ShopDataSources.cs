using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Data.Datasets;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Ml.Data;

/// <summary>Options for <see cref="ShopDataSources.Load"/>.</summary>
public sealed record ShopDataLoadOptions
{
    /// <summary>Used when the spec is <c>synthetic</c>; null = defaults.</summary>
    public SyntheticShopOptions? Synthetic { get; init; }

    /// <summary>For CSV folders: drop invalid rows (and report them) instead of failing.</summary>
    public bool SkipInvalidRows { get; init; }
}

/// <summary>
/// The one way into shop data: a spec is <c>synthetic</c> (the default), the name of a public
/// dataset (<see cref="DatasetNames"/>, found by <see cref="DatasetLocator"/>), or a folder of
/// canonical CSVs (<see cref="ShopCsvFormat"/>).
/// </summary>
public static class ShopDataSources
{
    public static IReadOnlyList<string> DatasetNames { get; } =
        [MovieLensLoader.DatasetName, OnlineRetailLoader.DatasetName, TelcoChurnLoader.DatasetName, PeytonManningLoader.DatasetName];

    public static ShopData Load(string? spec, ShopDataLoadOptions? options = null) => LoadWithReport(spec, options).Data;

    /// <summary>Loads and also says what was left out and how the source was mapped (for logs).</summary>
    public static ShopDataLoadResult LoadWithReport(string? spec, ShopDataLoadOptions? options = null)
    {
        options ??= new ShopDataLoadOptions();
        spec = string.IsNullOrWhiteSpace(spec) ? SyntheticShop.SourceName : spec.Trim();
        if (string.Equals(spec, SyntheticShop.SourceName, StringComparison.OrdinalIgnoreCase))
        {
            return ShopDataLoadResult.Complete(SyntheticShop.Generate(options.Synthetic));
        }

        switch (spec.ToLowerInvariant())
        {
            case MovieLensLoader.DatasetName:
                return MovieLensLoader.Load(DatasetLocator.Locate(MovieLensLoader.DatasetName));
            case OnlineRetailLoader.DatasetName:
                return OnlineRetailLoader.Load(DatasetLocator.Locate(OnlineRetailLoader.DatasetName));
            case TelcoChurnLoader.DatasetName:
                return TelcoChurnLoader.Load(DatasetLocator.Locate(TelcoChurnLoader.DatasetName));
            case PeytonManningLoader.DatasetName or PeytonManningLoader.FolderName:
                return PeytonManningLoader.Load(DatasetLocator.Locate(PeytonManningLoader.FolderName));
        }

        if (Directory.Exists(spec))
        {
            var read = ShopCsvReader.ReadWithReport(spec, new ShopCsvReadOptions { SkipInvalidRows = options.SkipInvalidRows });
            var excluded = read.Skipped.Select(e => new ShopDataExclusion(e.ToString(), 1)).ToList();
            return new ShopDataLoadResult(read.Data, excluded, read.SkippedRows > 0 ? [$"{read.SkippedRows} invalid rows skipped"] : []);
        }

        throw new ArgumentException(
            $"unknown data source '{spec}': expected '{SyntheticShop.SourceName}', a dataset name ({string.Join(", ", DatasetNames)}) " +
            $"or a folder of canonical shop CSVs ({ShopCsvFormat.CustomersFile}, {ShopCsvFormat.ProductsFile}, {ShopCsvFormat.OrdersFile}, {ShopCsvFormat.OrderItemsFile}, optional {ShopCsvFormat.EventsFile}); " +
            $"no folder exists at '{Path.GetFullPath(spec)}'",
            nameof(spec));
    }
}
