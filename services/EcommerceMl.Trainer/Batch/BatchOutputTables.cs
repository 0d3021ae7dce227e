using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Postgres;

namespace EcommerceMl.Trainer.Batch;

/// <summary>One batch output in each form a target writes: its PostgreSQL table and its CSV columns.</summary>
public sealed record BatchOutput<T>(BatchTable<T> Postgres, CsvTable<T> Csv)
{
    /// <summary>The output's name (<see cref="EcommerceMl.Contracts.Batch.BatchOutputs"/>): the table, and the CSV folder.</summary>
    public string Name => Postgres.Name;
}

/// <summary>The three batch outputs (<see cref="EcommerceMl.Contracts.Batch.BatchOutputs"/>).</summary>
public static class BatchOutputTables
{
    public static BatchOutput<CustomerRecommendationRow> CustomerRecommendations { get; } = new(BatchTables.CustomerRecommendations, CsvBatchTables.CustomerRecommendations);

    public static BatchOutput<ProductSimilarityRow> ProductRecommendations { get; } = new(BatchTables.ProductRecommendations, CsvBatchTables.ProductRecommendations);

    public static BatchOutput<SalesForecastRow> SalesForecast { get; } = new(BatchTables.SalesForecast, CsvBatchTables.SalesForecast);
}
