using System.Text.Json.Serialization;

namespace EcommerceMl.Inference.Contracts;

/// <summary>
/// <c>POST /v1/churn</c>: either a known <see cref="CustomerId"/> alone (features come from the model), or
/// all five features of the seed API (customerId then only labels the answer). <see cref="Attributes"/>
/// (optional) gives the dataset's own columns the model reads (telco: Contract, MonthlyCharges, ...); for
/// a known customer they replace the stored values of those columns ("what if they moved to a yearly contract").
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ChurnRequest(
    string? CustomerId = null,
    double? RecencyDays = null,
    double? Frequency = null,
    double? AvgMonetary = null,
    bool? LoyaltyMember = null,
    double? DaysSinceJoin = null,
    string? Model = null,
    IReadOnlyDictionary<string, string?>? Attributes = null)
{
    [JsonIgnore]
    public bool HasAnyFeature => RecencyDays is not null || Frequency is not null || AvgMonetary is not null
        || LoyaltyMember is not null || DaysSinceJoin is not null;
}

public sealed record ChurnResponse(string? CustomerId, double ChurnProbability, string RiskCategory, string NextAction, string Model, string Version);

/// <summary><c>POST /v1/churn:batch</c>: many customers, each as in <c>POST /v1/churn</c> (an id, or the five features).</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ChurnBatchRequest(IReadOnlyList<ChurnBatchCustomer?>? Customers, string? Model = null);

[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ChurnBatchCustomer(
    string? CustomerId = null,
    double? RecencyDays = null,
    double? Frequency = null,
    double? AvgMonetary = null,
    bool? LoyaltyMember = null,
    double? DaysSinceJoin = null,
    IReadOnlyDictionary<string, string?>? Attributes = null)
{
    public ChurnRequest ToRequest() => new(CustomerId, RecencyDays, Frequency, AvgMonetary, LoyaltyMember, DaysSinceJoin, Attributes: Attributes);
}

public sealed record ChurnBatchResponse(string Model, string Version, int Succeeded, int Failed, IReadOnlyList<ChurnBatchResult> Results);

/// <summary>One customer's answer, or <see cref="Error"/> saying why there is none.</summary>
public sealed record ChurnBatchResult(
    int Index,
    string? CustomerId,
    double? ChurnProbability,
    string? RiskCategory,
    string? NextAction,
    string? Error);
