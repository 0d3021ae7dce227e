using EcommerceMl.Contracts.Batch;
using EcommerceMl.Ml.Recommendation;
using Npgsql;
using NpgsqlTypes;

namespace EcommerceMl.Postgres;

/// <summary>One recommended product of one customer.</summary>
public sealed record CustomerRecommendationRow(string CustomerId, int Rank, string RecommendedProductId, double Score);

/// <summary>
/// An output table as a sharded batch run writes it: its name (also the output's name in the completion
/// records), the key column shards are ranges of, the columns after model and model_version, and how one row
/// is written to a binary COPY (synchronously: millions of rows, and an awaited call per field costs more
/// than the field).
/// </summary>
public sealed record BatchTable<T>(string Name, string KeyColumn, string Columns, Action<NpgsqlBinaryImporter, T> WriteRow);

/// <summary>The three batch output tables (<see cref="BatchOutputs"/>).</summary>
public static class BatchTables
{
    public static BatchTable<CustomerRecommendationRow> CustomerRecommendations { get; } = new(
        BatchOutputs.CustomerRecommendations, "customer_id", "customer_id, rank, recommended_product_id, score",
        static (w, r) =>
        {
            w.Write(r.CustomerId, NpgsqlDbType.Text);
            w.Write(r.Rank, NpgsqlDbType.Integer);
            w.Write(r.RecommendedProductId, NpgsqlDbType.Text);
            w.Write(r.Score, NpgsqlDbType.Double);
        });

    public static BatchTable<ProductSimilarityRow> ProductRecommendations { get; } = new(
        BatchOutputs.ProductRecommendations, "product_id", "product_id, recommended_product_id, score, rank, co_buyers",
        static (w, r) =>
        {
            w.Write(r.ProductId, NpgsqlDbType.Text);
            w.Write(r.RecommendedProductId, NpgsqlDbType.Text);
            w.Write(r.Score, NpgsqlDbType.Double);
            w.Write(r.Rank, NpgsqlDbType.Integer);
            w.Write(r.CoBuyers, NpgsqlDbType.Integer);
        });

    public static BatchTable<SalesForecastRow> SalesForecast { get; } = new(
        BatchOutputs.SalesForecast, "scope", "forecast_date, scope, predicted_sales, lower_ci, upper_ci",
        static (w, r) =>
        {
            w.Write(r.ForecastDate, NpgsqlDbType.Date);
            w.Write(r.Scope, NpgsqlDbType.Text);
            w.Write(r.PredictedSales, NpgsqlDbType.Double);
            w.Write(r.LowerCi, NpgsqlDbType.Double);
            w.Write(r.UpperCi, NpgsqlDbType.Double);
        });
}
