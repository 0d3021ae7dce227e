using EcommerceMl.Ml.Data;
using EcommerceMl.Postgres;

namespace EcommerceMl.Trainer;

/// <summary>
/// Where the trainer resolves a --data spec: a PostgreSQL database (a postgres:// URL, an Npgsql
/// connection string, or the word <c>postgres</c> for the one in ECML_DB, as a Kubernetes Secret
/// provides it) or anything <see cref="ShopDataSources"/> knows. The seam that keeps Npgsql out of
/// the pure core.
/// </summary>
public static class TrainingDataSources
{
    public const string FromEnvironment = "postgres";

    public static ShopDataLoadResult Load(string spec)
    {
        if (string.Equals(spec?.Trim(), FromEnvironment, StringComparison.OrdinalIgnoreCase))
        {
            return PostgresShopReader.Load(PostgresConnection.Resolve(null));
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
