using EcommerceMl.Ml.Data;
using EcommerceMl.Postgres;

namespace EcommerceMl.Trainer;

/// <summary>
/// Where the trainer resolves a --data spec: a PostgreSQL database (a postgres:// URL, an Npgsql
/// connection string, or the word <c>postgres</c> for the one in ECML_DB, as a Kubernetes Secret
/// provides it), a prefix of canonical CSV files in S3 (<c>s3://bucket/prefix</c>, <see cref="S3ShopSource"/>)
/// or anything <see cref="ShopDataSources"/> knows; then the event sink merged in when asked for
/// (<see cref="TrainingEvents"/>); then, with a window, only its last days (<see cref="ShopDataWindow"/>).
/// The seam that keeps Npgsql and S3 out of the pure core.
/// </summary>
public static class TrainingDataSources
{
    public const string FromEnvironment = "postgres";

    /// <param name="windowDays">Train on the last this-many days of the data; 0 = all of it.</param>
    /// <param name="events">The event sink to merge into the data before the window; null for none.</param>
    public static ShopDataLoadResult Load(string spec, int windowDays = 0, TrainingEvents? events = null)
    {
        var loaded = LoadAll(spec);
        return ShopDataWindow.LastDays(events is null ? loaded : events.MergeInto(loaded), windowDays);
    }

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

    /// <summary>
    /// The spec as it may be printed: a database without its password. A spec read from the
    /// environment variable <paramref name="variable"/> may be a Secret's value (a TrainingJob's
    /// postgres secretRef arrives as ECML_DATA), so unless it is a source's public name it is shown
    /// as <c>$VARIABLE</c>, never as the value.
    /// </summary>
    public static string Describe(string spec, string? variable = null)
    {
        if (!PostgresConnection.IsConnectionSpec(spec))
        {
            return Hides(spec, variable) ? Placeholder(variable!) : spec;
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

    /// <summary>
    /// Text (an error message) with the spec, wherever it appears, replaced by <c>$VARIABLE</c> when
    /// the spec came from <paramref name="variable"/> and is not a source's public name; otherwise the text as it is.
    /// </summary>
    public static string Redact(string text, string spec, string? variable)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!Hides(spec, variable))
        {
            return text;
        }

        // The loaders quote the spec trimmed, and inside a full path: both contain the trimmed form.
        foreach (var form in new[] { spec, spec.Trim() }.Where(f => f.Length > 0).Distinct(StringComparer.Ordinal))
        {
            text = text.Replace(form, Placeholder(variable!), StringComparison.Ordinal);
        }

        return text;
    }

    private static bool Hides(string? spec, string? variable) =>
        variable is not null && !string.IsNullOrWhiteSpace(spec) && !IsPublicName(spec.Trim());

    /// <summary>The words a TrainingJob's spec itself puts in ECML_DATA: nothing secret about them.</summary>
    private static bool IsPublicName(string spec) =>
        string.Equals(spec, FromEnvironment, StringComparison.OrdinalIgnoreCase)
        || string.Equals(spec, Ml.Data.Synthetic.SyntheticShop.SourceName, StringComparison.OrdinalIgnoreCase)
        || ShopDataSources.DatasetNames.Contains(spec, StringComparer.OrdinalIgnoreCase);

    private static string Placeholder(string variable) => "$" + variable;
}
