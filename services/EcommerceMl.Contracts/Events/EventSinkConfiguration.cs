namespace EcommerceMl.Contracts.Events;

/// <summary>
/// The inference server's event sink settings (section <c>Ecml:Events</c>), which the operator and <c>ecml serve</c>
/// set. By default the sink is the model store itself (<c>{store}/events/…</c>), so every replica of a deployment
/// writes to the one place its models come from.
/// </summary>
public static class EventSinkConfiguration
{
    public const string SectionName = "Ecml:Events";

    /// <summary>Where events go: unset = the model store; <see cref="None"/> = nowhere (memory only); else a folder or <c>s3://bucket[/prefix]</c>.</summary>
    public const string SinkKey = SectionName + ":Sink";

    /// <summary>The value of <see cref="SinkKey"/> that turns the sink off.</summary>
    public const string None = "none";

    /// <summary>
    /// A PostgreSQL connection (<c>postgres://user:password@host:port/db</c> or an Npgsql connection string): when set, the
    /// events go to that database's <c>received_events</c> table instead of objects. It holds a password, so on
    /// Kubernetes it comes from a Secret (<c>spec.events.postgres.secretRef</c>) and is never logged.
    /// </summary>
    public const string PostgresKey = SectionName + ":Postgres";

    /// <summary>Days of partitions kept; older ones are deleted by the server that wrote the newest (0 = keep all).</summary>
    public const string RetentionDaysKey = SectionName + ":RetentionDays";

    /// <summary>Whether each event keeps the client's IP address (personal data: off unless set).</summary>
    public const string StoreClientIpKey = SectionName + ":StoreClientIp";

    /// <summary>Whether each event keeps the client's User-Agent header (off unless set).</summary>
    public const string StoreUserAgentKey = SectionName + ":StoreUserAgent";
}
