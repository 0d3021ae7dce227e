using EcommerceMl.Ml.Recommendation;
using Npgsql;
using NpgsqlTypes;

namespace EcommerceMl.Postgres;

/// <summary>One day of a sales forecast for one scope (<c>shop</c>, <c>category:…</c>, <c>product:…</c>).</summary>
public sealed record SalesForecastRow(DateOnly ForecastDate, string Scope, double PredictedSales, double LowerCi, double UpperCi);

/// <summary>
/// Writes batch predictions to the output tables. Each call replaces every row of one model
/// version — delete and insert in one transaction — so a re-run never duplicates and a reader sees
/// either the old rows or the new ones, never a mix.
/// </summary>
public static class PostgresOutputWriter
{
    public static Task<long> ReplaceRecommendationsAsync(
        NpgsqlDataSource dataSource, string model, string version, IEnumerable<ProductSimilarityRow> rows, CancellationToken cancellationToken = default) =>
        ReplaceAsync(dataSource, "product_recommendations", model, version,
            "product_recommendations (model, model_version, product_id, recommended_product_id, score, rank, co_buyers)", rows,
            static async (w, r, ct) =>
            {
                await w.WriteAsync(r.ProductId, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await w.WriteAsync(r.RecommendedProductId, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await w.WriteAsync(r.Score, NpgsqlDbType.Double, ct).ConfigureAwait(false);
                await w.WriteAsync(r.Rank, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
                await w.WriteAsync(r.CoBuyers, NpgsqlDbType.Integer, ct).ConfigureAwait(false);
            },
            cancellationToken);

    public static Task<long> ReplaceForecastAsync(
        NpgsqlDataSource dataSource, string model, string version, IEnumerable<SalesForecastRow> rows, CancellationToken cancellationToken = default) =>
        ReplaceAsync(dataSource, "sales_forecast", model, version,
            "sales_forecast (model, model_version, forecast_date, scope, predicted_sales, lower_ci, upper_ci)", rows,
            static async (w, r, ct) =>
            {
                await w.WriteAsync(r.ForecastDate, NpgsqlDbType.Date, ct).ConfigureAwait(false);
                await w.WriteAsync(r.Scope, NpgsqlDbType.Text, ct).ConfigureAwait(false);
                await w.WriteAsync(r.PredictedSales, NpgsqlDbType.Double, ct).ConfigureAwait(false);
                await w.WriteAsync(r.LowerCi, NpgsqlDbType.Double, ct).ConfigureAwait(false);
                await w.WriteAsync(r.UpperCi, NpgsqlDbType.Double, ct).ConfigureAwait(false);
            },
            cancellationToken);

    private static async Task<long> ReplaceAsync<T>(
        NpgsqlDataSource dataSource,
        string table,
        string model,
        string version,
        string target,
        IEnumerable<T> rows,
        Func<NpgsqlBinaryImporter, T, CancellationToken, Task> writeRow,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentNullException.ThrowIfNull(rows);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var delete = new NpgsqlCommand($"DELETE FROM {table} WHERE model = $1 AND model_version = $2", connection, transaction))
        {
            delete.Parameters.Add(new NpgsqlParameter { Value = model });
            delete.Parameters.Add(new NpgsqlParameter { Value = version });
            await delete.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        long written;
        await using (var importer = await connection.BeginBinaryImportAsync($"COPY {target} FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(model, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(version, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await writeRow(importer, row, cancellationToken).ConfigureAwait(false);
            }

            written = (long)await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return written;
    }
}
