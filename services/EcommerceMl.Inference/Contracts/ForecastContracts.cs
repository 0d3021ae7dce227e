using System.Text.Json.Serialization;

namespace EcommerceMl.Inference.Contracts;

/// <summary>
/// <c>POST /v1/forecast</c>. Scope: <see cref="ProductId"/>, or <see cref="Category"/>, or neither (the
/// whole shop). Unknown fields are refused so a typo is an error, not a silently ignored option.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ForecastRequest(int? Horizon, string? ProductId = null, string? Category = null, double? Level = null, string? Model = null)
{
    public const double DefaultLevel = 0.8;
}

public sealed record ForecastResponse(string Model, string Version, string Scope, string Measure, double Level, IReadOnlyList<ForecastPointDto> Forecast);

public sealed record ForecastPointDto(DateOnly Date, double Predicted, double Lower, double Upper);
