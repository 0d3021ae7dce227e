namespace EcommerceMl.Ml.Monitoring;

/// <summary>
/// The two tail probabilities the drift tests need, written out because no statistics package is
/// available here: the chi-square survival function (through the regularized upper incomplete
/// gamma function, Numerical Recipes §6.2) and the Kolmogorov distribution's survival function.
/// </summary>
public static class SpecialFunctions
{
    private const int MaxIterations = 500;
    private const double Epsilon = 1e-15;
    private const double Tiny = 1e-300;

    /// <summary>P(X ≥ <paramref name="x"/>) for X ~ χ² with <paramref name="degreesOfFreedom"/> degrees.</summary>
    public static double ChiSquareSurvival(double x, double degreesOfFreedom)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(degreesOfFreedom);
        return x <= 0 ? 1 : RegularizedUpperGamma(degreesOfFreedom / 2, x / 2);
    }

    /// <summary>Q(a, x) = Γ(a, x) / Γ(a): a series below <c>a + 1</c>, a continued fraction above.</summary>
    public static double RegularizedUpperGamma(double a, double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(a);
        ArgumentOutOfRangeException.ThrowIfNegative(x);
        if (x == 0)
        {
            return 1;
        }

        var logPrefix = (a * Math.Log(x)) - x - LogGamma(a);
        if (x < a + 1)
        {
            double sum = 1 / a, term = sum, ap = a;
            for (var n = 0; n < MaxIterations && Math.Abs(term) > Math.Abs(sum) * Epsilon; n++)
            {
                ap++;
                term *= x / ap;
                sum += term;
            }

            return Math.Clamp(1 - (sum * Math.Exp(logPrefix)), 0, 1);
        }

        // Lentz's method for the continued fraction of Γ(a, x).
        double b = x + 1 - a, c = 1 / Tiny, d = 1 / b, h = d;
        for (var i = 1; i < MaxIterations; i++)
        {
            var an = -i * (i - a);
            b += 2;
            d = (an * d) + b;
            d = Math.Abs(d) < Tiny ? Tiny : d;
            c = b + (an / c);
            c = Math.Abs(c) < Tiny ? Tiny : c;
            d = 1 / d;
            var delta = d * c;
            h *= delta;
            if (Math.Abs(delta - 1) < Epsilon)
            {
                break;
            }
        }

        return Math.Clamp(Math.Exp(logPrefix) * h, 0, 1);
    }

    /// <summary>ln Γ(x) for x &gt; 0 (Lanczos, g = 7, n = 9; relative error below 1e-13).</summary>
    public static double LogGamma(double x)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(x);
        if (x < 0.5)
        {
            // Reflection: Γ(x) Γ(1 − x) = π / sin(πx).
            return Math.Log(Math.PI / Math.Sin(Math.PI * x)) - LogGamma(1 - x);
        }

        ReadOnlySpan<double> coefficients =
        [
            0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
        ];
        x -= 1;
        var sum = coefficients[0];
        for (var i = 1; i < coefficients.Length; i++)
        {
            sum += coefficients[i] / (x + i);
        }

        var t = x + 7.5;
        return (0.5 * Math.Log(2 * Math.PI)) + ((x + 0.5) * Math.Log(t)) - t + Math.Log(sum);
    }

    /// <summary>
    /// Q_KS(λ) = 2 Σ (−1)^(j−1) exp(−2 j² λ²): the probability that the scaled Kolmogorov statistic
    /// exceeds <paramref name="lambda"/>. 1 for λ below 0.2 (where the series converges slowly and the value is 1 to 9 digits).
    /// </summary>
    public static double KolmogorovSurvival(double lambda)
    {
        if (lambda < 0.2)
        {
            return 1;
        }

        double sum = 0, sign = 1;
        for (var j = 1; j <= 100; j++)
        {
            var term = sign * Math.Exp(-2 * j * j * lambda * lambda);
            sum += term;
            if (Math.Abs(term) < 1e-16)
            {
                break;
            }

            sign = -sign;
        }

        return Math.Clamp(2 * sum, 0, 1);
    }
}
