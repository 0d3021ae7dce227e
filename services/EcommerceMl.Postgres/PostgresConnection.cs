using System.Globalization;
using System.Text.RegularExpressions;
using Npgsql;

namespace EcommerceMl.Postgres;

/// <summary>
/// Where the shop's database is: a <c>postgres://user[:password]@host[:port]/database</c> URL
/// (also <c>postgresql://</c>, with optional <c>?sslmode=…</c> style query parameters) or an
/// Npgsql connection string (<c>Host=…;Database=…</c>). Every `ecml db` command falls back to
/// <see cref="EnvironmentVariable"/>, which is how a Kubernetes Secret reaches a Pod.
/// </summary>
public sealed partial record PostgresConnection(string ConnectionString, string Display)
{
    public const string EnvironmentVariable = EcommerceMl.Contracts.Batch.BatchArguments.DatabaseVariable;

    /// <summary>True when a data spec names a PostgreSQL database rather than a dataset or folder.</summary>
    public static bool IsConnectionSpec(string? spec)
    {
        if (string.IsNullOrWhiteSpace(spec))
        {
            return false;
        }

        spec = spec.Trim();
        return IsUrl(spec) || (spec.Contains('=', StringComparison.Ordinal) && spec.Contains("host", StringComparison.OrdinalIgnoreCase) && !Directory.Exists(spec));
    }

    /// <summary>The --db value, or ECML_DB when it is absent. Throws <see cref="ArgumentException"/> when neither is set.</summary>
    public static PostgresConnection Resolve(string? db)
    {
        if (string.IsNullOrWhiteSpace(db))
        {
            db = Environment.GetEnvironmentVariable(EnvironmentVariable);
        }

        if (string.IsNullOrWhiteSpace(db))
        {
            throw new ArgumentException(
                $"no database given: pass --db postgres://user[:password]@host:port/database (or an Npgsql connection string), or set {EnvironmentVariable}");
        }

        return Parse(db);
    }

    /// <summary>Parses a URL or a connection string; the message of a bad one says what is wrong.</summary>
    public static PostgresConnection Parse(string spec)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(spec);
        spec = spec.Trim();
        var builder = IsUrl(spec) ? FromUrl(spec) : FromConnectionString(spec);
        if (string.IsNullOrEmpty(builder.Host))
        {
            throw new ArgumentException($"database connection '{Redact(spec)}' names no host");
        }

        if (string.IsNullOrEmpty(builder.Database))
        {
            throw new ArgumentException($"database connection '{Redact(spec)}' names no database");
        }

        var display = string.Create(CultureInfo.InvariantCulture, $"postgres://{builder.Username}@{builder.Host}:{builder.Port}/{builder.Database}");
        return new PostgresConnection(builder.ConnectionString, display);
    }

    public NpgsqlDataSource OpenDataSource() => NpgsqlDataSource.Create(ConnectionString);

    /// <summary>Never log a password: the connection as a URL without it.</summary>
    public override string ToString() => Display;

    private static bool IsUrl(string spec) =>
        spec.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase) || spec.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase);

    private static NpgsqlConnectionStringBuilder FromUrl(string spec)
    {
        if (!Uri.TryCreate(spec, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException($"database URL '{Redact(spec)}' is not valid: expected postgres://user[:password]@host:port/database");
        }

        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port < 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')),
        };
        if (uri.UserInfo.Length > 0)
        {
            var colon = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            builder.Username = Uri.UnescapeDataString(colon < 0 ? uri.UserInfo : uri.UserInfo[..colon]);
            if (colon >= 0)
            {
                builder.Password = Uri.UnescapeDataString(uri.UserInfo[(colon + 1)..]);
            }
        }

        foreach (var pair in uri.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            var key = Uri.UnescapeDataString(equals < 0 ? pair : pair[..equals]);
            var value = equals < 0 ? "true" : Uri.UnescapeDataString(pair[(equals + 1)..]);
            try
            {
                builder[key] = value;
            }
            catch (ArgumentException e)
            {
                throw new ArgumentException($"database URL '{Redact(spec)}': query parameter '{key}' is not a connection setting Npgsql knows ({e.Message})", e);
            }
        }

        return builder;
    }

    private static NpgsqlConnectionStringBuilder FromConnectionString(string spec)
    {
        try
        {
            return new NpgsqlConnectionStringBuilder(spec);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException(
                $"database connection is neither a postgres:// URL nor a valid Npgsql connection string: {e.Message}", e);
        }
    }

    /// <summary>
    /// A spec as a message may quote it: a URL with *** for the password, whether in the user info
    /// (<c>user:***@</c>) or in a query parameter (<c>?password=***</c>, <c>sslpassword=***</c>);
    /// a connection string not at all (any of its keys may hold one).
    /// </summary>
    public static string Redact(string spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (!IsUrl(spec.Trim()))
        {
            return "(connection string)";
        }

        var withoutUserPassword = UserInfoPassword().Replace(spec, "$1***@", 1);
        return PasswordQueryParameter().Replace(withoutUserPassword, "$1***");
    }

    /// <summary>scheme://user:PASSWORD@ — up to the last @ before the path, as a URL parser reads it.</summary>
    [GeneratedRegex(@"^(\s*[a-z]+://[^:/?#@]*:)[^/?#]*@", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex UserInfoPassword();

    /// <summary>A query parameter Npgsql reads a password from: Password (and its synonyms PWD, PSW), SSL Password; keys may be URL-encoded.</summary>
    [GeneratedRegex(@"([?&;](?:[^=&#]*pass[^=&#]*|pwd|psw)=)[^&#]*", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PasswordQueryParameter();
}
