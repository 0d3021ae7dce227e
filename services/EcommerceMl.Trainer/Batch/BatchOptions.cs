namespace EcommerceMl.Trainer.Batch;

/// <summary>One batch run as asked (<c>ecml predict batch</c>, the trainer image's <c>batch</c>): which version, how much, which shard.</summary>
public sealed record BatchOptions
{
    public const int DefaultTop = 10;
    public const int DefaultHorizon = 28;
    public const double DefaultLevel = 0.8;
    public const string DefaultTimeZone = "UTC";

    /// <summary>The default forecast start is today in <see cref="TimeZone"/>, and as many days may lie between the data's end and it.</summary>
    public const int DefaultMaxGapDays = 90;

    public required string Model { get; init; }

    /// <summary>Null: the servable latest.</summary>
    public string? Version { get; init; }

    public int Top { get; init; } = DefaultTop;

    public int Horizon { get; init; } = DefaultHorizon;

    public double Level { get; init; } = DefaultLevel;

    /// <summary>The forecast's first day; null: today in <see cref="TimeZone"/>.</summary>
    public DateOnly? Start { get; init; }

    public string TimeZone { get; init; } = DefaultTimeZone;

    public int MaxGapDays { get; init; } = DefaultMaxGapDays;

    public int Shard { get; init; }

    public int Shards { get; init; } = 1;
}
