namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// Exponential smoothing with regressors (pure): y = Xβ + ETS. β is estimated as a regression with
/// ETS errors. For fixed smoothing parameters the ETS one-step errors are linear in the data
/// (updates and starting states are linear), so the errors of y − Xβ are e(y) − Σβⱼe(xⱼ) and β that
/// maximises the likelihood is least squares of e(y) on the filtered columns e(xⱼ) — generalised
/// least squares, which a level shift cannot bias as it biases plain least squares. Steps: ordinary
/// least squares (with intercept and linear trend) to start, ETS on the remainder, GLS for β given
/// that ETS, ETS again on the new remainder. Unobserved days (NaN) stay out of every sum.
/// </summary>
public static class EtsRegressionFitter
{
    /// <summary>Fits β and the ETS; <paramref name="candidates"/> null = AICc over all of <see cref="EtsSpec.Candidates"/>.</summary>
    public static (EtsModel Model, double[] Beta) Fit(double[] y, IReadOnlyList<double[]> columns, int period, IReadOnlyList<EtsSpec>? candidates = null)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Count == 0)
        {
            return (EtsFitter.Select(y, period, candidates), []);
        }

        var beta = OrdinaryLeastSquares(y, columns);
        var model = EtsFitter.Select(Remainder(y, columns, beta), period, candidates);
        beta = GeneralisedLeastSquares(y, columns, model);
        model = EtsFitter.Select(Remainder(y, columns, beta), period, [model.Spec]);
        return (model, beta);
    }

    /// <summary>y − Xβ (NaN stays NaN).</summary>
    public static double[] Remainder(double[] y, IReadOnlyList<double[]> columns, IReadOnlyList<double> beta)
    {
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(beta);
        var r = (double[])y.Clone();
        for (var j = 0; j < columns.Count; j++)
        {
            for (var t = 0; t < r.Length; t++)
            {
                r[t] -= beta[j] * columns[j][t];
            }
        }

        return r;
    }

    /// <summary>One-step errors of <paramref name="values"/> under the model's spec and parameters, from starting states estimated on them (0 on NaN days).</summary>
    public static double[] Innovations(EtsSpec spec, EtsParameters parameters, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var state = EtsInitialStates.Estimate(spec, values);
        var errors = new double[values.Length];
        EtsFilter.Run(spec, parameters, ref state, values, (i, s) =>
            errors[i] = double.IsNaN(values[i]) ? 0 : values[i] - EtsFilter.Forecast(spec, parameters, s, 1));
        return errors;
    }

    internal static double[] OrdinaryLeastSquares(double[] y, IReadOnlyList<double[]> columns)
    {
        // Intercept and linear trend keep a drifting level out of the calendar terms; they are dropped after.
        var design = new List<double[]>
        {
            y.Select(_ => 1.0).ToArray(),
            y.Select((_, t) => t / YearlyFourier.YearDays).ToArray(),
        };
        design.AddRange(columns);
        var beta = Solve(y, design);
        return beta[2..];
    }

    internal static double[] GeneralisedLeastSquares(double[] y, IReadOnlyList<double[]> columns, EtsModel model)
    {
        var mask = y.Select(v => double.IsNaN(v)).ToArray();
        var filtered = columns.Select(c => Innovations(model.Spec, model.Parameters, c.Select((v, t) => mask[t] ? double.NaN : v).ToArray())).ToList();
        var target = Innovations(model.Spec, model.Parameters, y);
        return Solve(target.Select((e, t) => mask[t] ? double.NaN : e).ToArray(), filtered);
    }

    /// <summary>Least squares of <paramref name="y"/> on the columns over the non-NaN days.</summary>
    private static double[] Solve(double[] y, IReadOnlyList<double[]> columns)
    {
        var p = columns.Count;
        var xtx = new double[p, p];
        var xty = new double[p];
        var observed = 0;
        for (var t = 0; t < y.Length; t++)
        {
            if (double.IsNaN(y[t]))
            {
                continue;
            }

            observed++;
            for (var i = 0; i < p; i++)
            {
                var xi = columns[i][t];
                if (xi == 0)
                {
                    continue;
                }

                xty[i] += xi * y[t];
                for (var j = 0; j < p; j++)
                {
                    xtx[i, j] += xi * columns[j][t];
                }
            }
        }

        if (observed <= p)
        {
            throw new ArgumentException($"{observed} observed days are too few for {p} regression terms.", nameof(y));
        }

        return LinearSolve.Symmetric(xtx, xty);
    }
}
