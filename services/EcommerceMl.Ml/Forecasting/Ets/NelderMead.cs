namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>
/// Nelder–Mead simplex minimisation (unconstrained; callers map bounded parameters through a
/// logistic). Standard coefficients: reflection 1, expansion 2, contraction ½, shrink ½.
/// Stops when the simplex's function values agree to <c>tolerance</c> (relative) or the
/// evaluation budget is spent. Deterministic.
/// </summary>
public static class NelderMead
{
    public readonly record struct Result(double[] Minimum, double Value, int Evaluations);

    public static Result Minimize(Func<double[], double> f, double[] start, double step = 0.5, int maxEvaluations = 2000, double tolerance = 1e-10)
    {
        ArgumentNullException.ThrowIfNull(f);
        ArgumentNullException.ThrowIfNull(start);
        var n = start.Length;
        var points = new double[n + 1][];
        var values = new double[n + 1];
        var evaluations = 0;
        double Eval(double[] x)
        {
            evaluations++;
            var v = f(x);
            return double.IsNaN(v) ? double.PositiveInfinity : v;
        }

        for (var i = 0; i <= n; i++)
        {
            points[i] = (double[])start.Clone();
            if (i > 0)
            {
                points[i][i - 1] += step;
            }

            values[i] = Eval(points[i]);
        }

        var order = new int[n + 1];
        while (true)
        {
            for (var i = 0; i <= n; i++)
            {
                order[i] = i;
            }

            Array.Sort(order, (a, b) => values[a].CompareTo(values[b]));
            int best = order[0], worst = order[n], second = order[n - 1];
            var spread = Math.Abs(values[worst] - values[best]);
            if (evaluations >= maxEvaluations || (double.IsFinite(values[worst]) && spread <= tolerance * (Math.Abs(values[best]) + tolerance)))
            {
                return new Result(points[best], values[best], evaluations);
            }

            var centroid = new double[n];
            for (var i = 0; i <= n; i++)
            {
                if (i == worst)
                {
                    continue;
                }

                for (var d = 0; d < n; d++)
                {
                    centroid[d] += points[i][d] / n;
                }
            }

            var reflected = Along(centroid, points[worst], -1);
            var fr = Eval(reflected);
            if (fr < values[best])
            {
                var expanded = Along(centroid, points[worst], -2);
                var fe = Eval(expanded);
                (points[worst], values[worst]) = fe < fr ? (expanded, fe) : (reflected, fr);
            }
            else if (fr < values[second])
            {
                (points[worst], values[worst]) = (reflected, fr);
            }
            else
            {
                var outside = fr < values[worst];
                var contracted = outside ? Along(centroid, points[worst], -0.5) : Along(centroid, points[worst], 0.5);
                var fc = Eval(contracted);
                if (fc < Math.Min(fr, values[worst]))
                {
                    (points[worst], values[worst]) = (contracted, fc);
                }
                else
                {
                    for (var i = 0; i <= n; i++)
                    {
                        if (i == best)
                        {
                            continue;
                        }

                        for (var d = 0; d < n; d++)
                        {
                            points[i][d] = points[best][d] + (0.5 * (points[i][d] - points[best][d]));
                        }

                        values[i] = Eval(points[i]);
                    }
                }
            }
        }
    }

    /// <summary>centroid + t·(worst − centroid): t = −1 reflects, −2 expands, ±½ contracts.</summary>
    private static double[] Along(double[] centroid, double[] worst, double t)
    {
        var x = new double[centroid.Length];
        for (var d = 0; d < x.Length; d++)
        {
            x[d] = centroid[d] + (t * (worst[d] - centroid[d]));
        }

        return x;
    }
}
