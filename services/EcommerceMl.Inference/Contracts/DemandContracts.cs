using System.Text.Json.Serialization;

namespace EcommerceMl.Inference.Contracts;

/// <summary>
/// <c>POST /v1/demand</c>: units a product will sell over the next days (default 7 and 30), with an
/// interval at <see cref="Level"/> and a trend. One product (<see cref="ProductId"/>: unknown → 404) or
/// many (<see cref="ProductIds"/>: an unknown one is a per-item error, as in the batch endpoints). The days
/// counted start on <see cref="Start"/> (default today in the shop's time zone), after the model's data.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record DemandRequest(
    string? ProductId = null,
    IReadOnlyList<string?>? ProductIds = null,
    IReadOnlyList<int>? Horizons = null,
    double? Level = null,
    string? Model = null,
    DateOnly? Start = null)
{
    public const double DefaultLevel = 0.8;

    public static readonly IReadOnlyList<int> DefaultHorizons = [7, 30];

    /// <summary>At most this many horizons per request.</summary>
    public const int MaxHorizons = 16;
}

/// <summary>
/// Totals over days counted from <see cref="Start"/>; <see cref="DataTo"/> is the model's last day of data and
/// <see cref="DataAgeDays"/> the whole days from it to today in the shop's time zone.
/// </summary>
public sealed record DemandResponse(
    string Model,
    string Version,
    string Measure,
    double Level,
    IReadOnlyList<int> Horizons,
    int Succeeded,
    int Failed,
    IReadOnlyList<DemandResult> Results,
    DateOnly Start,
    DateOnly DataTo,
    int DataAgeDays);

/// <summary>
/// One product's answer: <see cref="Demand7d"/> / <see cref="Demand30d"/> when those horizons were asked
/// for, every horizon's total and interval in <see cref="Totals"/>, and the trend (rising, flat,
/// falling); or <see cref="Error"/> saying why there is none.
/// </summary>
public sealed record DemandResult(
    int Index,
    string? ProductId,
    double? Demand7d,
    double? Demand30d,
    IReadOnlyList<DemandTotalDto>? Totals,
    string? Trend,
    string? Error);

/// <summary>Units over <paramref name="Days"/> days from the answer's start, and the interval's bounds.</summary>
public sealed record DemandTotalDto(int Days, double Predicted, double Lower, double Upper);
