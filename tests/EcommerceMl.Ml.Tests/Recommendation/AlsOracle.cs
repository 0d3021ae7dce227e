namespace EcommerceMl.Ml.Tests.Recommendation;

/// <summary>
/// The plain, obviously-correct implicit-ALS row solve the fast conjugate-gradient kernel is
/// checked against: build A = FᵀF + λI + Σ_obs (c − 1)·f·fᵀ and b = Σ_obs c·f in double, and solve
/// A·x = b exactly by Gaussian elimination with partial pivoting.
/// </summary>
internal static class AlsOracle
{
    public static double[] SolveRow(float[] fixedFactors, int f, IReadOnlyList<int> observed, double regularization, double confidence)
    {
        var rows = fixedFactors.Length / f;
        var a = new double[f, f];
        var b = new double[f];
        for (var r = 0; r < rows; r++)
        {
            for (var i = 0; i < f; i++)
            {
                for (var j = 0; j < f; j++)
                {
                    a[i, j] += fixedFactors[(r * f) + i] * (double)fixedFactors[(r * f) + j];
                }
            }
        }

        for (var i = 0; i < f; i++)
        {
            a[i, i] += regularization;
        }

        foreach (var o in observed)
        {
            for (var i = 0; i < f; i++)
            {
                b[i] += confidence * fixedFactors[(o * f) + i];
                for (var j = 0; j < f; j++)
                {
                    a[i, j] += (confidence - 1) * fixedFactors[(o * f) + i] * fixedFactors[(o * f) + j];
                }
            }
        }

        return Solve(a, b);
    }

    /// <summary>One full ALS half-step done exactly: every row of the target solved against the fixed side.</summary>
    public static float[] SolveAll(float[] fixedFactors, int f, int[] offsets, int[] indices, double regularization, double confidence)
    {
        var result = new float[(offsets.Length - 1) * f];
        for (var t = 0; t + 1 < offsets.Length; t++)
        {
            var x = SolveRow(fixedFactors, f, indices[offsets[t]..offsets[t + 1]], regularization, confidence);
            for (var i = 0; i < f; i++)
            {
                result[(t * f) + i] = (float)x[i];
            }
        }

        return result;
    }

    private static double[] Solve(double[,] a, double[] b)
    {
        var n = b.Length;
        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(a[r, col]) > Math.Abs(a[pivot, col]))
                {
                    pivot = r;
                }
            }

            for (var c = 0; c < n; c++)
            {
                (a[col, c], a[pivot, c]) = (a[pivot, c], a[col, c]);
            }

            (b[col], b[pivot]) = (b[pivot], b[col]);
            for (var r = col + 1; r < n; r++)
            {
                var factor = a[r, col] / a[col, col];
                for (var c = col; c < n; c++)
                {
                    a[r, c] -= factor * a[col, c];
                }

                b[r] -= factor * b[col];
            }
        }

        var x = new double[n];
        for (var r = n - 1; r >= 0; r--)
        {
            var sum = b[r];
            for (var c = r + 1; c < n; c++)
            {
                sum -= a[r, c] * x[c];
            }

            x[r] = sum / a[r, r];
        }

        return x;
    }
}
