using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Postgres;

namespace EcommerceMl.Trainer.Batch;

/// <summary>The three batch outputs as CSV: the columns of their PostgreSQL tables (<see cref="BatchTables"/>), in the same order.</summary>
public static class CsvBatchTables
{
    public static CsvTable<CustomerRecommendationRow> CustomerRecommendations { get; } = new(
        ["customer_id", "rank", "recommended_product_id", "score"],
        static (w, r) =>
        {
            CsvFields.Text(w, r.CustomerId);
            CsvFields.Next(w);
            CsvFields.Integer(w, r.Rank);
            CsvFields.Next(w);
            CsvFields.Text(w, r.RecommendedProductId);
            CsvFields.Next(w);
            CsvFields.Number(w, r.Score);
        });

    public static CsvTable<ProductSimilarityRow> ProductRecommendations { get; } = new(
        ["product_id", "recommended_product_id", "score", "rank", "co_buyers"],
        static (w, r) =>
        {
            CsvFields.Text(w, r.ProductId);
            CsvFields.Next(w);
            CsvFields.Text(w, r.RecommendedProductId);
            CsvFields.Next(w);
            CsvFields.Number(w, r.Score);
            CsvFields.Next(w);
            CsvFields.Integer(w, r.Rank);
            CsvFields.Next(w);
            CsvFields.Integer(w, r.CoBuyers);
        });

    public static CsvTable<SalesForecastRow> SalesForecast { get; } = new(
        ["forecast_date", "scope", "predicted_sales", "lower_ci", "upper_ci"],
        static (w, r) =>
        {
            CsvFields.Date(w, r.ForecastDate);
            CsvFields.Next(w);
            CsvFields.Text(w, r.Scope);
            CsvFields.Next(w);
            CsvFields.Number(w, r.PredictedSales);
            CsvFields.Next(w);
            CsvFields.Number(w, r.LowerCi);
            CsvFields.Next(w);
            CsvFields.Number(w, r.UpperCi);
        });
}
