namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// Maximum-likelihood fitting of one ETS model, and selection among candidates by AICc (pure).
/// Smoothing parameters are optimised by <see cref="NelderMead"/> in an unconstrained space mapped
/// onto the usual region: α ∈ [10⁻⁴, 0.9999], 0 &lt; β &lt; α, 0 &lt; γ &lt; 1 − α, φ ∈ [0.8, 0.98]
/// (Hyndman et al. 2008, §5.2's traditional bounds; φ &gt; 0.98 is indistinguishable from an
/// undamped trend and below 0.8 it flattens almost at once).
/// </summary>
public static class EtsFitter
{
    private const double AlphaLow = 1e-4;
    private const double AlphaHigh = 0.9999;
    private const double PhiLow = 0.8;
    private const double PhiHigh = 0.98;

    /// <summary>Fits <paramref name="spec"/> by maximum likelihood; null when no valid fit exists (e.g. multiplicative error on a series with zeros).</summary>
    public static EtsModel? Fit(EtsSpec spec, ReadOnlySpan<double> y)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var values = y.ToArray();
        var observed = values.Count(v => !double.IsNaN(v));
        if (observed <= spec.FreeParameterCount + 1 || (spec.Seasonal && values.Length < 2 * spec.Period))
        {
            return null;
        }

        if (spec.Error == EtsError.Multiplicative && values.Any(v => v <= 0))
        {
            return null;
        }

        var initial = EtsInitialStates.Estimate(spec, values);
        double Objective(double[] u)
        {
            var state = initial.Copy();
            return EtsFilter.MinusTwoLogLikelihood(spec, EtsFilter.Run(spec, Map(spec, u), ref state, values));
        }

        var start = Unmap(spec, new EtsParameters(0.3, 0.03, 0.07, 0.95));
        var result = NelderMead.Minimize(Objective, start, step: 1.0, maxEvaluations: 300 * start.Length);
        if (!double.IsFinite(result.Value))
        {
            return null;
        }

        var parameters = Map(spec, result.Minimum);
        var final = initial.Copy();
        var pass = EtsFilter.Run(spec, parameters, ref final, values);
        var sigma = Math.Sqrt(pass.SumSquaredErrors / pass.Observed);
        return new EtsModel(spec, parameters, initial, final, sigma, result.Value, pass.Observed);
    }

    /// <summary>
    /// Refits <paramref name="spec"/>'s smoothing parameters to minimise the 1..<paramref name="horizon"/>-step
    /// squared errors (<see cref="EtsMultiStep"/>), starting from the likelihood fit
    /// <paramref name="start"/>. σ stays the one-step RMS error of the new parameters and the
    /// likelihood is that of the maximum-likelihood fit (for AICc comparisons). Null when no valid fit exists.
    /// </summary>
    public static EtsModel? FitMultiStep(EtsModel start, ReadOnlySpan<double> y, int horizon)
    {
        ArgumentNullException.ThrowIfNull(start);
        var spec = start.Spec;
        var values = y.ToArray();
        var initial = EtsInitialStates.Estimate(spec, values);
        double Objective(double[] u) => EtsMultiStep.MeanSquaredError(spec, Map(spec, u), initial, values, horizon);
        var result = NelderMead.Minimize(Objective, Unmap(spec, start.Parameters), step: 1.0, maxEvaluations: 150 * spec.SmoothingParameterCount, tolerance: 1e-6);
        if (!double.IsFinite(result.Value))
        {
            return null;
        }

        var parameters = Map(spec, result.Minimum);
        var final = initial.Copy();
        var pass = EtsFilter.Run(spec, parameters, ref final, values);
        var sigma = Math.Sqrt(pass.SumSquaredErrors / pass.Observed);
        return new EtsModel(spec, parameters, initial, final, sigma, start.MinusTwoLogLikelihood, pass.Observed);
    }

    /// <summary>The candidate with the lowest AICc (all of <see cref="EtsSpec.Candidates"/> by default).</summary>
    public static EtsModel Select(ReadOnlySpan<double> y, int period, IReadOnlyList<EtsSpec>? candidates = null)
    {
        EtsModel? best = null;
        foreach (var spec in candidates ?? EtsSpec.Candidates(period))
        {
            var model = Fit(spec, y);
            if (model is not null && double.IsFinite(model.Aicc) && (best is null || model.Aicc < best.Aicc))
            {
                best = model;
            }
        }

        return best ?? throw new ArgumentException($"No exponential-smoothing model could be fitted to a series of {y.Length} days: it needs more observed days than parameters.", nameof(y));
    }

    /// <summary>Unconstrained vector → parameters inside the admissible region.</summary>
    internal static EtsParameters Map(EtsSpec spec, double[] u)
    {
        var i = 0;
        var alpha = AlphaLow + ((AlphaHigh - AlphaLow) * Logistic(u[i++]));
        var beta = spec.HasTrend ? alpha * Logistic(u[i++]) : 0;
        var gamma = spec.Seasonal ? (1 - alpha) * Logistic(u[i++]) : 0;
        var phi = spec.Damped ? PhiLow + ((PhiHigh - PhiLow) * Logistic(u[i])) : 1;
        return new EtsParameters(alpha, beta, gamma, phi);
    }

    internal static double[] Unmap(EtsSpec spec, EtsParameters p)
    {
        var u = new List<double> { Logit((p.Alpha - AlphaLow) / (AlphaHigh - AlphaLow)) };
        if (spec.HasTrend)
        {
            u.Add(Logit(p.Beta / p.Alpha));
        }

        if (spec.Seasonal)
        {
            u.Add(Logit(p.Gamma / (1 - p.Alpha)));
        }

        if (spec.Damped)
        {
            u.Add(Logit((p.Phi - PhiLow) / (PhiHigh - PhiLow)));
        }

        return [.. u];
    }

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    private static double Logit(double p) => Math.Log(p / (1 - p));
}
