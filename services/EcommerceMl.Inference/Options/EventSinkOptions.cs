using System.ComponentModel.DataAnnotations;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Inference.Options;

/// <summary>
/// The <c>Ecml:Events</c> section: where accepted events are written (<see cref="EventSinkLayout"/>) and the bounds of
/// what waits in memory for the next flush — which is also the most a crash can lose.
/// </summary>
public sealed class EventSinkOptions : IValidatableObject
{
    public const string SectionName = EventSinkConfiguration.SectionName;

    /// <summary>Unset: the model store. <c>none</c>: no sink (events stay in the drift buffer only). Else a folder or <c>s3://bucket[/prefix]</c>.</summary>
    public string? Sink { get; set; }

    /// <summary>
    /// A PostgreSQL connection (URL or Npgsql connection string, from a Secret): events become rows of its
    /// <c>received_events</c> table (<c>ecml db migrate</c> creates it) instead of objects. Never logged; messages show
    /// it without its password.
    /// </summary>
    public string? Postgres { get; set; }

    /// <summary>Bytes of accepted events (as JSON lines) waiting to be written. When full, POST /v1/events answers 503 with Retry-After.</summary>
    [Range(64 * 1024, 4L * 1024 * 1024 * 1024)]
    public long MaxPendingBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>A flush starts once this many bytes wait, and one object holds at most this many (uncompressed).</summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long FlushBytes { get; set; } = 4L * 1024 * 1024;

    /// <summary>Longest an accepted event waits before a flush (and the wait before retrying a failed one).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan FlushInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Days of partitions kept; older days are deleted once an hour. 0 keeps everything.</summary>
    [Range(0, 36_500)]
    public int RetentionDays { get; set; } = 90;

    /// <summary>Store the client's IP address with each event (personal data: off unless the shop has a reason and a basis).</summary>
    public bool StoreClientIp { get; set; }

    /// <summary>Store the client's User-Agent header with each event (off by default, as the IP address).</summary>
    public bool StoreUserAgent { get; set; }

    public bool Disabled => string.Equals(Sink?.Trim(), EventSinkConfiguration.None, StringComparison.OrdinalIgnoreCase);

    public bool UsesPostgres => !string.IsNullOrWhiteSpace(Postgres);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesPostgres && !string.IsNullOrWhiteSpace(Sink))
        {
            yield return new ValidationResult(
                $"{SectionName}:Postgres and {SectionName}:Sink ('{Sink}') are both set: events go to one place, so set one of them.",
                [nameof(Postgres), nameof(Sink)]);
        }

        if (UsesPostgres && ConnectionError(Postgres!) is { } error)
        {
            yield return new ValidationResult($"{SectionName}:Postgres: {error}", [nameof(Postgres)]);
        }

        if (FlushBytes > MaxPendingBytes)
        {
            yield return new ValidationResult(
                $"{SectionName}:FlushBytes ({FlushBytes}) must not exceed MaxPendingBytes ({MaxPendingBytes}): a batch could never fill.",
                [nameof(FlushBytes)]);
        }
    }

    /// <summary>Why the connection cannot be used, in words that never quote its password; null when it parses.</summary>
    private static string? ConnectionError(string connection)
    {
        try
        {
            global::EcommerceMl.Postgres.PostgresConnection.Parse(connection);
            return null;
        }
        catch (ArgumentException e)
        {
            return e.Message;
        }
    }
}
