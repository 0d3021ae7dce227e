namespace EcommerceMl.Ml.Churn;

/// <summary>
/// Turns a churn probability into a risk band and what the shop should do about it: probabilities from
/// <see cref="MediumFrom"/> are Medium, from <see cref="HighFrom"/> High; each band has its action. Set
/// by hyperparameters at training and stored in the model, so a shop tunes its retention playbook
/// without touching code. The defaults are the seed API's.
/// </summary>
public sealed record ChurnRiskPolicy(
    double MediumFrom,
    double HighFrom,
    string LowAction = ChurnRiskPolicy.DefaultLowAction,
    string MediumAction = ChurnRiskPolicy.DefaultMediumAction,
    string HighAction = ChurnRiskPolicy.DefaultHighAction)
{
    public const double DefaultMediumFrom = 0.3;
    public const double DefaultHighFrom = 0.6;
    public const string DefaultLowAction = "Monitor";
    public const string DefaultMediumAction = "Send a personalised offer";
    public const string DefaultHighAction = "Call with a retention offer";

    /// <summary>An action is shown to people and logged: one short line.</summary>
    public const int MaxActionLength = 200;

    public static ChurnRiskPolicy Default { get; } = new(DefaultMediumFrom, DefaultHighFrom);

    public ChurnRisk Band(double probability) =>
        probability >= HighFrom ? ChurnRisk.High : probability >= MediumFrom ? ChurnRisk.Medium : ChurnRisk.Low;

    public string ActionFor(ChurnRisk risk) => risk switch
    {
        ChurnRisk.High => HighAction,
        ChurnRisk.Medium => MediumAction,
        _ => LowAction,
    };

    public ChurnPrediction Predict(double probability)
    {
        var risk = Band(probability);
        return new ChurnPrediction(probability, risk, ActionFor(risk));
    }

    /// <summary>Throws when the thresholds are not 0 ≤ medium &lt; high ≤ 1 or an action is blank, multi-line or too long.</summary>
    public void Validate()
    {
        if (!(MediumFrom >= 0 && MediumFrom < HighFrom && HighFrom <= 1))
        {
            throw new ArgumentException($"Risk thresholds must satisfy 0 ≤ medium < high ≤ 1; got medium {MediumFrom} and high {HighFrom}.");
        }

        foreach (var (band, action) in new[] { ("low", LowAction), ("medium", MediumAction), ("high", HighAction) })
        {
            if (string.IsNullOrWhiteSpace(action) || action.Length > MaxActionLength || action.Any(char.IsControl))
            {
                throw new ArgumentException($"The {band}-risk action must be one line of 1 to {MaxActionLength} characters; got '{action}'.");
            }
        }
    }
}
