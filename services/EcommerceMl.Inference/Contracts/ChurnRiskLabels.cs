using EcommerceMl.Ml.Churn;

namespace EcommerceMl.Inference.Contracts;

/// <summary>The seed API's churn risk labels, the same on every route (REST, Open Inference tensors, the dashboard).</summary>
public static class ChurnRiskLabels
{
    public static string Of(ChurnRisk risk) => risk switch
    {
        ChurnRisk.Low => "LOW",
        ChurnRisk.Medium => "MEDIUM",
        ChurnRisk.High => "HIGH",
        _ => throw new ArgumentOutOfRangeException(nameof(risk), risk, "Unknown churn risk."),
    };
}
