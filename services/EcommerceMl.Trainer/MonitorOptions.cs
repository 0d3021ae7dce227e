using EcommerceMl.Ml.Monitoring;

namespace EcommerceMl.Trainer;

/// <summary>One monitoring run as asked (<c>ecml monitor</c>, the trainer image's <c>monitor</c>).</summary>
public sealed record MonitorOptions
{
    public required string Model { get; init; }

    public required string Data { get; init; }

    /// <summary>The variable <see cref="Data"/> came from, when it did (it may hold a Secret: never printed).</summary>
    public string? DataVariable { get; init; }

    /// <summary>The version to monitor; null = the servable latest.</summary>
    public string? Version { get; init; }

    /// <summary>Also read the store's event sink.</summary>
    public bool Events { get; init; } = true;

    public MonitoringSettings Settings { get; init; } = new();
}
