namespace EcommerceMl.Ml.Forecasting.Ets;

/// <summary>Solves small dense normal equations (pure).</summary>
internal static class LinearSolve
{
    /// <summary>
    /// Solves A·x = b for a symmetric positive semi-definite A (normal equations), by Gaussian
    /// elimination with partial pivoting after a tiny ridge (10⁻⁹ of the mean diagonal) that keeps
    /// nearly collinear columns from blowing up.
    /// </summary>
    public static double[] Symmetric(double[,] a, double[] b)
    {
        var n = b.Length;
        var m = new double[n, n + 1];
        var ridge = 0.0;
        for (var i = 0; i < n; i++)
        {
            ridge += a[i, i];
        }

        ridge = 1e-9 * ridge / n;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                m[i, j] = a[i, j] + (i == j ? ridge : 0);
            }

            m[i, n] = b[i];
        }

        for (var col = 0; col < n; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < n; r++)
            {
                if (Math.Abs(m[r, col]) > Math.Abs(m[pivot, col]))
                {
                    pivot = r;
                }
            }

            if (m[pivot, col] == 0)
            {
                throw new ArgumentException("The regression's design matrix is singular.", nameof(a));
            }

            if (pivot != col)
            {
                for (var j = col; j <= n; j++)
                {
                    (m[col, j], m[pivot, j]) = (m[pivot, j], m[col, j]);
                }
            }

            for (var r = col + 1; r < n; r++)
            {
                var factor = m[r, col] / m[col, col];
                for (var j = col; j <= n; j++)
                {
                    m[r, j] -= factor * m[col, j];
                }
            }
        }

        var x = new double[n];
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = m[i, n];
            for (var j = i + 1; j < n; j++)
            {
                sum -= m[i, j] * x[j];
            }

            x[i] = sum / m[i, i];
        }

        return x;
    }
}
