namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// The ETS recursions with additive trend and season (the kernel, pure). With e = y − ŷ and
/// ŷ = ℓ + φb + s(t−m):  ℓ ← ℓ + φb + αe,  b ← φb + βe,  s(t) ← s(t−m) + γe.
/// Additive and multiplicative error share these updates (multiplicative error writes e = ŷε) and
/// differ only in the likelihood. An unobserved day (NaN) has no innovation: states move on by
/// their forecast, and the day counts in no sum.
/// </summary>
public static class EtsFilter
{
    /// <summary>Sums over the observed days of a pass.</summary>
    public readonly record struct Pass(int Observed, double SumSquaredErrors, double SumSquaredRelativeErrors, double SumLogAbsPredicted, bool Valid);

    /// <summary>
    /// Runs from <paramref name="state"/> (updated in place) over <paramref name="y"/>.
    /// <paramref name="onDay"/>, when given, sees the state before each day is processed, with the day's index.
    /// The pass is invalid for a multiplicative-error model when a one-step forecast is not positive.
    /// </summary>
    public static Pass Run(EtsSpec spec, EtsParameters p, ref EtsState state, ReadOnlySpan<double> y, Action<int, EtsState>? onDay = null)
    {
        var level = state.Level;
        var trend = state.Trend;
        var season = state.Season;
        var m = season.Length;
        var t = state.Time;
        var observed = 0;
        double sse = 0, ssre = 0, sumLog = 0;
        var valid = true;
        for (var i = 0; i < y.Length; i++, t++)
        {
            if (onDay is not null)
            {
                onDay(i, new EtsState(level, trend, (double[])season.Clone(), t));
            }

            var phase = m > 1 ? t % m : 0;
            var damped = spec.HasTrend ? p.Phi * trend : 0;
            var predicted = level + damped + (m > 1 ? season[phase] : 0);
            var error = double.IsNaN(y[i]) ? 0 : y[i] - predicted;
            if (!double.IsNaN(y[i]))
            {
                observed++;
                sse += error * error;
                if (spec.Error == EtsError.Multiplicative)
                {
                    if (!(predicted > 0))
                    {
                        valid = false;
                    }
                    else
                    {
                        var relative = error / predicted;
                        ssre += relative * relative;
                        sumLog += Math.Log(predicted);
                    }
                }
            }

            level = level + damped + p.Alpha * error;
            if (spec.HasTrend)
            {
                trend = damped + p.Beta * error;
            }

            if (m > 1)
            {
                season[phase] += p.Gamma * error;
            }
        }

        state = new EtsState(level, trend, season, t);
        return new Pass(observed, sse, ssre, sumLog, valid);
    }

    /// <summary>
    /// −2 log-likelihood with σ² concentrated out (Hyndman et al. 2008, §5.2):
    /// additive error n·ln(SSE/n); multiplicative n·ln(Σε²/n) + 2Σln|ŷ|; plus n(1 + ln 2π) so the
    /// two compare. +∞ for an invalid pass.
    /// </summary>
    public static double MinusTwoLogLikelihood(EtsSpec spec, Pass pass)
    {
        if (!pass.Valid || pass.Observed == 0)
        {
            return double.PositiveInfinity;
        }

        var n = pass.Observed;
        var core = spec.Error == EtsError.Additive
            ? n * Math.Log(Math.Max(pass.SumSquaredErrors, 1e-300) / n)
            : (n * Math.Log(Math.Max(pass.SumSquaredRelativeErrors, 1e-300) / n)) + (2 * pass.SumLogAbsPredicted);
        return core + (n * (1 + Math.Log(2 * Math.PI)));
    }

    /// <summary>Point forecast h days after the state: ℓ + (φ + … + φ^h)·b + s(phase of that day).</summary>
    public static double Forecast(EtsSpec spec, EtsParameters p, EtsState state, int h)
    {
        var m = state.Season.Length;
        var trend = spec.HasTrend ? DampedSum(p.Phi, h) * state.Trend : 0;
        var season = m > 1 ? state.Season[(state.Time + h - 1) % m] : 0;
        return state.Level + trend + season;
    }

    /// <summary>φ + φ² + … + φ^h (h when φ = 1).</summary>
    public static double DampedSum(double phi, int h)
    {
        if (phi == 1)
        {
            return h;
        }

        return phi * (1 - Math.Pow(phi, h)) / (1 - phi);
    }

    /// <summary>
    /// Variance multipliers v_h (forecast variance = σ²·v_h) for additive-error models, h = 1..H:
    /// v_h = 1 + Σ_{j=1}^{h−1} c_j², c_j = α + β(φ + … + φ^j) + γ·[j mod m = 0] (Hyndman et al. 2008, Table 6.1).
    /// </summary>
    public static double[] VarianceMultipliers(EtsSpec spec, EtsParameters p, int horizon)
    {
        var v = new double[horizon];
        var sum = 0.0;
        for (var h = 1; h <= horizon; h++)
        {
            v[h - 1] = 1 + sum;
            var c = p.Alpha + (spec.HasTrend ? p.Beta * DampedSum(p.Phi, h) : 0) + (spec.Seasonal && h % spec.Period == 0 ? p.Gamma : 0);
            sum += c * c;
        }

        return v;
    }
}
