namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// A fitted exponential-smoothing model: its parameters, the state after the last day of history,
/// the innovation scale and its information criterion.
/// </summary>
public sealed class EtsModel
{
    internal EtsModel(EtsSpec spec, EtsParameters parameters, EtsState initial, EtsState final, double sigma, double minusTwoLogLikelihood, int observed)
    {
        Spec = spec;
        Parameters = parameters;
        Initial = initial;
        Final = final;
        Sigma = sigma;
        MinusTwoLogLikelihood = minusTwoLogLikelihood;
        Observed = observed;
    }

    public EtsSpec Spec { get; }

    public EtsParameters Parameters { get; }

    /// <summary>The state before the first day of history.</summary>
    public EtsState Initial { get; }

    /// <summary>The state after the last day of history: forecasts start from here.</summary>
    public EtsState Final { get; }

    /// <summary>
    /// Root mean squared one-step error in the series' units. For multiplicative-error models this
    /// stands in for ŷ·σ_ε: an approximation that the conformal calibration corrects.
    /// </summary>
    public double Sigma { get; }

    public double MinusTwoLogLikelihood { get; }

    public int Observed { get; }

    /// <summary>Akaike's criterion corrected for small samples: −2logL + 2k + 2k(k+1)/(n−k−1).</summary>
    public double Aicc
    {
        get
        {
            var k = Spec.FreeParameterCount;
            var n = Observed;
            return n - k - 1 <= 0 ? double.PositiveInfinity : MinusTwoLogLikelihood + (2.0 * k) + (2.0 * k * (k + 1) / (n - k - 1));
        }
    }

    /// <summary>Point forecasts for steps 1..<paramref name="horizon"/> after the history.</summary>
    public double[] Point(int horizon) => PointFrom(Final, horizon);

    internal double[] PointFrom(EtsState state, int horizon)
    {
        var point = new double[horizon];
        for (var h = 1; h <= horizon; h++)
        {
            point[h - 1] = EtsFilter.Forecast(Spec, Parameters, state, h);
        }

        return point;
    }

    /// <summary>Forecast standard deviation per step, σ·√v_h.</summary>
    public double[] StandardDeviations(int horizon) =>
        [.. EtsFilter.VarianceMultipliers(Spec, Parameters, horizon).Select(v => Sigma * Math.Sqrt(v))];

    public override string ToString() =>
        $"{Spec} α={Parameters.Alpha:0.###} β={Parameters.Beta:0.###} γ={Parameters.Gamma:0.###} φ={Parameters.Phi:0.###} AICc={Aicc:0.#}";
}
