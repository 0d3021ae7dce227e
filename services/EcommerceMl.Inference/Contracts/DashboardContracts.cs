using EcommerceMl.Contracts;

namespace EcommerceMl.Inference.Contracts;

/// <summary>What the dashboard page needs beyond the public API, in one request: models, ids to browse, the churn risk mix, conversions per version.</summary>
public sealed record DashboardSummary(
    IReadOnlyList<ModelInfo> Models,
    IReadOnlyList<DashboardRecommender> Recommenders,
    IReadOnlyList<DashboardForecaster> Forecasters,
    IReadOnlyList<DashboardChurn> Churn,
    IReadOnlyList<DashboardConversion> Conversions);

/// <summary>
/// One recommendation version as this server counted it since it started: answers given, and the product views, cart
/// adds and purchases whose recommendationId named the version; the rates are per answer (null without answers here).
/// </summary>
public sealed record DashboardConversion(
    string Model, string Version, long Answers, long ProductViews, long CartAdds, long Purchases, double? CartAddRate, double? PurchaseRate);

public sealed record DashboardRecommender(string Model, IReadOnlyList<string> Customers);

public sealed record DashboardForecaster(string Model, string Measure, IReadOnlyList<string> Scopes);

/// <summary>Risk categories (LOW/MEDIUM/HIGH) of the <see cref="Sampled"/> customers the model knows.</summary>
public sealed record DashboardChurn(string Model, int Sampled, IReadOnlyDictionary<string, int> RiskCounts);

/// <summary>A customer's products, bounded: the first <c>limit</c> of <see cref="Total"/> distinct products (the model keeps no purchase dates, so no "most recent").</summary>
public sealed record PurchasesResponse(string CustomerId, string Model, string Version, int Total, IReadOnlyList<PurchasedProduct> Products);

public sealed record PurchasedProduct(string ProductId, string? ProductName, string? Category);

/// <summary>
/// <c>GET /v1/dashboard/models/{model}/timeline</c>: one model's loop — the newest versions with what triggered each and
/// its gate outcome, and the monitoring reports stored beside them. Bounded: at most <see cref="TimelineLimits.Versions"/>
/// versions and <see cref="TimelineLimits.Reports"/> reports, the newest; <see cref="VersionsTotal"/> says how many exist.
/// </summary>
public sealed record ModelTimeline(
    string Model,
    string? Serving,
    int VersionsTotal,
    TimelineLimits Limits,
    IReadOnlyList<TimelineVersion> Versions,
    IReadOnlyList<EcommerceMl.Contracts.Monitoring.MonitoringReport> Reports,
    IReadOnlyList<string> Notes);

public sealed record TimelineLimits(int Versions, int Reports);

/// <summary>
/// One version: <see cref="Outcome"/> is <c>passed</c> (gate and champion comparison passed, or none asked),
/// <c>gate_failed</c> or <c>lost_to_champion</c>; <see cref="Servable"/> whether <c>latest</c> may be it.
/// </summary>
public sealed record TimelineVersion(
    string Version,
    DateTimeOffset CreatedAt,
    string Algorithm,
    string? Trigger,
    string? TrainingJob,
    DateTime? DataTo,
    IReadOnlyDictionary<string, double> Metrics,
    GateResult? Gate,
    ChampionComparison? Champion,
    string Outcome,
    bool Servable,
    string? WhyNotServable);

/// <summary>
/// <c>GET /v1/dashboard/actuals</c>: what a forecast scope really did per day, from the purchase events in the event
/// sink (days in the shop's time zone). A day is listed only when the sink holds events of that day (a day
/// without purchases is then 0); days before the sink existed are absent. <see cref="Truncated"/> when the
/// object or event cap was reached (the newest days are read first; the days the cut may have cut short, and all before them, are left out).
/// </summary>
public sealed record DailyActualsResponse(
    string Model,
    string Scope,
    string Measure,
    DateOnly From,
    DateOnly To,
    string? Source,
    IReadOnlyList<DailyActual> Days,
    int ObjectsRead,
    bool Truncated,
    IReadOnlyList<string> Notes);

public sealed record DailyActual(DateOnly Date, double Value);
