using EcommerceMl.Ml.Forecasting.Ets;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// L2-regularised logistic regression fitted by Newton's method (IRLS) in pure C#, for feature
/// vectors of any length (the columns a dataset brings): minimises
/// Σ log-loss + (<c>l2</c>/2)·‖w‖², the bias unpenalised — scikit-learn's objective with C = 1/l2.
/// Deterministic; a few iterations converge on standardised features.
/// </summary>
public static class LogisticRegression
{
    public const int MaxIterations = 50;

    public static LinearLogit Fit(IReadOnlyList<double[]> rows, IReadOnlyList<bool> labels, double l2 = 1.0)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        if (rows.Count == 0 || rows.Count != labels.Count)
        {
            throw new ArgumentException($"Logistic regression needs rows and as many labels; got {rows.Count} rows and {labels.Count} labels.", nameof(labels));
        }

        var d = rows[0].Length;
        var beta = new double[d + 1]; // bias last
        for (var iteration = 0; iteration < MaxIterations; iteration++)
        {
            var gradient = new double[d + 1];
            var hessian = new double[d + 1, d + 1];
            for (var i = 0; i < rows.Count; i++)
            {
                var x = rows[i];
                var score = beta[d];
                for (var j = 0; j < d; j++)
                {
                    score += beta[j] * x[j];
                }

                var p = 1 / (1 + Math.Exp(-score));
                var residual = p - (labels[i] ? 1 : 0);
                var weight = Math.Max(p * (1 - p), 1e-12);
                for (var j = 0; j <= d; j++)
                {
                    var xj = j == d ? 1 : x[j];
                    gradient[j] += residual * xj;
                    for (var k = 0; k <= j; k++)
                    {
                        hessian[j, k] += weight * xj * (k == d ? 1 : x[k]);
                    }
                }
            }

            for (var j = 0; j <= d; j++)
            {
                for (var k = 0; k < j; k++)
                {
                    hessian[k, j] = hessian[j, k];
                }

                if (j < d)
                {
                    gradient[j] += l2 * beta[j];
                    hessian[j, j] += l2;
                }
            }

            var step = LinearSolve.Symmetric(hessian, gradient);
            var change = 0.0;
            for (var j = 0; j <= d; j++)
            {
                beta[j] -= step[j];
                change = Math.Max(change, Math.Abs(step[j]));
            }

            if (change < 1e-8)
            {
                break;
            }
        }

        return new LinearLogit(beta[..d], beta[d]);
    }
}
