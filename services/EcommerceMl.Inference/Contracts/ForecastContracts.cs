using System.Text.Json.Serialization;

namespace EcommerceMl.Inference.Contracts;

/// <summary>
/// <c>POST /v1/forecast</c>. Scope: <see cref="ProductId"/>, or <see cref="Category"/>, or neither (the
/// whole shop). The forecast covers <see cref="Horizon"/> days from <see cref="Start"/> (yyyy-MM-dd; default today
/// in the shop's time zone), which must be after the model's data. Unknown fields are refused so a typo is an
/// error, not a silently ignored option.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ForecastRequest(int? Horizon, string? ProductId = null, string? Category = null, double? Level = null, string? Model = null, DateOnly? Start = null)
{
    public const double DefaultLevel = 0.8;
}

/// <summary>
/// The forecast, and how stale the model is: <see cref="DataTo"/> is the last day of its training data and
/// <see cref="DataAgeDays"/> the whole days from it to today in the shop's time zone.
/// </summary>
public sealed record ForecastResponse(
    string Model,
    string Version,
    string Scope,
    string Measure,
    double Level,
    IReadOnlyList<ForecastPointDto> Forecast,
    DateOnly DataTo,
    int DataAgeDays);

public sealed record ForecastPointDto(DateOnly Date, double Predicted, double Lower, double Upper);
