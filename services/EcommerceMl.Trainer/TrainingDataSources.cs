using EcommerceMl.Ml.Data;
using EcommerceMl.Postgres;

namespace EcommerceMl.Trainer;

/// <summary>
/// Where the trainer resolves a --data spec: a PostgreSQL database (a postgres:// URL, an Npgsql
/// connection string, or the word <c>postgres</c> for the one in ECML_DB, as a Kubernetes Secret
/// provides it), a prefix of canonical CSV files in S3 (<c>s3://bucket/prefix</c>, <see cref="S3ShopSource"/>)
/// or anything <see cref="ShopDataSources"/> knows; then, with a window, only its last days
/// (<see cref="ShopDataWindow"/>). The seam that keeps Npgsql and S3 out of the pure core.
/// </summary>
public static class TrainingDataSources
{
    public const string FromEnvironment = "postgres";

    /// <param name="windowDays">Train on the last this-many days of the data; 0 = all of it.</param>
    public static ShopDataLoadResult Load(string spec, int windowDays = 0) => ShopDataWindow.LastDays(LoadAll(spec), windowDays);

    private static ShopDataLoadResult LoadAll(string spec)
    {
        if (string.Equals(spec?.Trim(), FromEnvironment, StringComparison.OrdinalIgnoreCase))
        {
            return PostgresShopReader.Load(PostgresConnection.Resolve(null));
        }

        if (S3ShopSource.IsSpec(spec))
        {
            return S3ShopSource.Load(spec!);
        }

        return PostgresConnection.IsConnectionSpec(spec)
            ? PostgresShopReader.Load(PostgresConnection.Parse(spec!))
            : ShopDataSources.LoadWithReport(spec);
    }

    /// <summary>The spec as it may be printed: a database without its password.</summary>
    public static string Describe(string spec)
    {
        if (!PostgresConnection.IsConnectionSpec(spec))
        {
            return spec;
        }

        try
        {
            return PostgresConnection.Parse(spec).Display;
        }
        catch (ArgumentException)
        {
            return "a PostgreSQL connection";
        }
    }
}
