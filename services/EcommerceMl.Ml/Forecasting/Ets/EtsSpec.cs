namespace EcommerceMl.Ml.Forecasting.Ets;

public enum EtsError
{
    Additive,
    Multiplicative,
}

public enum EtsTrend
{
    None,
    Additive,
    DampedAdditive,
}

/// <summary>
/// Which exponential-smoothing model (Hyndman et al., <i>Forecasting with Exponential Smoothing</i>,
/// 2008): error, trend, and an additive season of <see cref="Period"/> days (≤ 1: none).
/// </summary>
public sealed record EtsSpec(EtsError Error, EtsTrend Trend, int Period)
{
    public bool Seasonal => Period > 1;

    public bool HasTrend => Trend != EtsTrend.None;

    public bool Damped => Trend == EtsTrend.DampedAdditive;

    /// <summary>Smoothing parameters the likelihood is maximised over: α, then β, γ, φ when present.</summary>
    public int SmoothingParameterCount => 1 + (HasTrend ? 1 : 0) + (Seasonal ? 1 : 0) + (Damped ? 1 : 0);

    /// <summary>
    /// Free parameters for AICc: smoothing parameters, the initial states (level, trend, and m − 1
    /// seasonal indices, as they are estimated from the data), and the innovation variance.
    /// </summary>
    public int FreeParameterCount => SmoothingParameterCount + 1 + (HasTrend ? 1 : 0) + (Seasonal ? Period - 1 : 0) + 1;

    /// <summary>The usual short name, e.g. ETS(A,Ad,A).</summary>
    public override string ToString()
    {
        var error = Error == EtsError.Additive ? "A" : "M";
        var trend = Trend switch { EtsTrend.None => "N", EtsTrend.Additive => "A", _ => "Ad" };
        return $"ETS({error},{trend},{(Seasonal ? "A" : "N")})";
    }

    /// <summary>Every error × trend combination, with the season when <paramref name="period"/> &gt; 1 and without.</summary>
    public static IReadOnlyList<EtsSpec> Candidates(int period)
    {
        var specs = new List<EtsSpec>();
        foreach (var error in new[] { EtsError.Additive, EtsError.Multiplicative })
        {
            foreach (var trend in new[] { EtsTrend.None, EtsTrend.Additive, EtsTrend.DampedAdditive })
            {
                specs.Add(new EtsSpec(error, trend, 1));
                if (period > 1)
                {
                    specs.Add(new EtsSpec(error, trend, period));
                }
            }
        }

        return specs;
    }
}

/// <summary>Smoothing parameters; β, γ are 0 and φ is 1 where the model has no such component.</summary>
public sealed record EtsParameters(double Alpha, double Beta, double Gamma, double Phi);
