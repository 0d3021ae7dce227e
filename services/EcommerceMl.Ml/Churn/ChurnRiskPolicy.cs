namespace EcommerceMl.Ml.Churn;

/// <summary>
/// Turns a churn probability into a risk band and what the shop should do about it.
/// Probabilities from <see cref="MediumFrom"/> are Medium, from <see cref="HighFrom"/> High.
/// </summary>
public sealed record ChurnRiskPolicy(double MediumFrom, double HighFrom)
{
    public const double DefaultMediumFrom = 0.3;
    public const double DefaultHighFrom = 0.6;

    public static ChurnRiskPolicy Default { get; } = new(DefaultMediumFrom, DefaultHighFrom);

    public ChurnRisk Band(double probability) =>
        probability >= HighFrom ? ChurnRisk.High : probability >= MediumFrom ? ChurnRisk.Medium : ChurnRisk.Low;

    public static string NextAction(ChurnRisk risk) => risk switch
    {
        ChurnRisk.High => "Call with a retention offer",
        ChurnRisk.Medium => "Send a personalised offer",
        _ => "Monitor",
    };

    /// <summary>Throws when the thresholds are not 0 ≤ medium &lt; high ≤ 1.</summary>
    public void Validate()
    {
        if (!(MediumFrom >= 0 && MediumFrom < HighFrom && HighFrom <= 1))
        {
            throw new ArgumentException($"Risk thresholds must satisfy 0 ≤ medium < high ≤ 1; got medium {MediumFrom} and high {HighFrom}.");
        }
    }
}
