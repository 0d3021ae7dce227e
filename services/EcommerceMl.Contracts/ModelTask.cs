namespace EcommerceMl.Contracts;

/// <summary>The tasks the platform trains models for (DESIGN.md: TrainingJob <c>spec.task</c>).</summary>
public static class ModelTask
{
    public const string Recommendation = "recommendation";
    public const string Forecast = "forecast";
    public const string Churn = "churn";
    public const string Search = "search";

    public static IReadOnlyList<string> All { get; } = [Recommendation, Forecast, Churn, Search];
}
