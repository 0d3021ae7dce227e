namespace EcommerceMl.Ml.Churn;

public enum CalibrationMethod
{
    None,
    Platt,
    Isotonic,
}

/// <summary>
/// Maps a model's raw churn probability to a calibrated one, fitted on held-out rows: Platt
/// (σ(a·logit(p) + b): two numbers, keeps the ranking) or isotonic (a monotone step function: fixes any
/// monotone distortion, needs more rows). <see cref="Choose"/> picks between them on the held-out rows
/// themselves by 5-fold cross-fitting, so the choice is not judged on the rows a calibrator was fitted on.
/// </summary>
public sealed class ProbabilityCalibrator
{
    public const int ChoiceFolds = 5;

    private ProbabilityCalibrator(CalibrationMethod method, PlattCalibration? platt, IsotonicCalibration? isotonic)
    {
        Method = method;
        Platt = platt;
        Isotonic = isotonic;
    }

    public static ProbabilityCalibrator Identity { get; } = new(CalibrationMethod.None, null, null);

    public CalibrationMethod Method { get; }

    public PlattCalibration? Platt { get; }

    public IsotonicCalibration? Isotonic { get; }

    public static ProbabilityCalibrator From(PlattCalibration platt) => new(CalibrationMethod.Platt, platt ?? throw new ArgumentNullException(nameof(platt)), null);

    public static ProbabilityCalibrator From(IsotonicCalibration isotonic) => new(CalibrationMethod.Isotonic, null, isotonic ?? throw new ArgumentNullException(nameof(isotonic)));

    public static ProbabilityCalibrator Fit(CalibrationMethod method, IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels) => method switch
    {
        CalibrationMethod.None => Identity,
        CalibrationMethod.Platt => From(PlattCalibration.Fit(probabilities, labels)),
        CalibrationMethod.Isotonic => From(IsotonicCalibration.Fit(probabilities, labels)),
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, "Unknown calibration method."),
    };

    /// <summary>
    /// Platt, unless isotonic's out-of-fold Brier score (<see cref="ChoiceFolds"/> folds of the rows in a
    /// seeded order) is lower by more than two standard errors of the paired per-row difference. Isotonic
    /// is the more flexible and the noisier of the two: on a few thousand held-out customers a small
    /// out-of-fold edge is as likely noise as signal (telco's LightGBM: an edge of that kind turned into
    /// a worse test Brier), so it has to win clearly.
    /// </summary>
    public static CalibrationMethod Choose(IReadOnlyList<double> probabilities, IReadOnlyList<bool> labels, int seed)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        ArgumentNullException.ThrowIfNull(labels);
        var order = Enumerable.Range(0, probabilities.Count).ToArray();
        new Random(seed).Shuffle(order);
        var platt = new double[order.Length];
        var isotonic = new double[order.Length];
        for (var fold = 0; fold < ChoiceFolds; fold++)
        {
            var from = order.Length * fold / ChoiceFolds;
            var to = order.Length * (fold + 1) / ChoiceFolds;
            int[] rest = [.. order[..from], .. order[to..]];
            var restScores = rest.Select(i => probabilities[i]).ToList();
            var restLabels = rest.Select(i => labels[i]).ToList();
            if (restLabels.Distinct().Count() < 2)
            {
                return CalibrationMethod.Platt;
            }

            var p = PlattCalibration.Fit(restScores, restLabels);
            var iso = IsotonicCalibration.Fit(restScores, restLabels);
            foreach (var i in order[from..to])
            {
                platt[i] = p.Apply(probabilities[i]);
                isotonic[i] = iso.Apply(probabilities[i]);
            }
        }

        var differences = new double[order.Length];
        for (var i = 0; i < differences.Length; i++)
        {
            var y = labels[i] ? 1.0 : 0.0;
            differences[i] = ((isotonic[i] - y) * (isotonic[i] - y)) - ((platt[i] - y) * (platt[i] - y));
        }

        var mean = differences.Average();
        var standardError = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / Math.Max(1, differences.Length - 1) / Math.Max(1, differences.Length));
        return mean < -2 * standardError ? CalibrationMethod.Isotonic : CalibrationMethod.Platt;
    }

    public double Apply(double probability) => Method switch
    {
        CalibrationMethod.Platt => Platt!.Apply(probability),
        CalibrationMethod.Isotonic => Isotonic!.Apply(probability),
        _ => probability,
    };

    public static string Name(CalibrationMethod method) => method.ToString().ToLowerInvariant();
}
