using EcommerceMl.Ml.Recommendation;
using Npgsql;

namespace EcommerceMl.Postgres;

/// <summary>One day of a sales forecast for one scope (<c>shop</c>, <c>category:…</c>, <c>product:…</c>).</summary>
public sealed record SalesForecastRow(DateOnly ForecastDate, string Scope, double PredictedSales, double LowerCi, double UpperCi);

/// <summary>
/// Writes a whole model version's batch predictions to an output table at once: a batch run of one shard
/// (<see cref="PostgresBatchWriter"/>), so a re-run replaces every row of that version, never duplicates, and
/// the version is complete (the <c>latest_*</c> views show it) when the call returns.
/// </summary>
public static class PostgresOutputWriter
{
    public static async Task<long> ReplaceRecommendationsAsync(
        NpgsqlDataSource dataSource, string model, string version, IEnumerable<ProductSimilarityRow> rows, CancellationToken cancellationToken = default) =>
        (await PostgresBatchWriter.WriteShardAsync(dataSource, BatchTables.ProductRecommendations, Whole(model, version), rows, cancellationToken).ConfigureAwait(false)).Rows;

    public static async Task<long> ReplaceForecastAsync(
        NpgsqlDataSource dataSource, string model, string version, IEnumerable<SalesForecastRow> rows, CancellationToken cancellationToken = default) =>
        (await PostgresBatchWriter.WriteShardAsync(dataSource, BatchTables.SalesForecast, Whole(model, version), rows, cancellationToken).ConfigureAwait(false)).Rows;

    private static BatchShard Whole(string model, string version) => new(model, version, 0, 1, null, null);
}
