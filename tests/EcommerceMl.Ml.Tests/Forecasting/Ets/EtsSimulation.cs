using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Ml.Tests.Forecasting.Ets;

/// <summary>Series drawn from known exponential-smoothing models with Gaussian noise (seeded).</summary>
internal static class EtsSimulation
{
    /// <summary>ETS(A,N,A): y = ℓ + s + σε, ℓ ← ℓ + ασε, s ← s + γσε.</summary>
    public static double[] LocalLevelWeekly(int days, double alpha, double gamma, double sigma, long seed, double level = 100)
    {
        var random = new SeededRandom(seed);
        double[] season = [10, 5, 0, -5, -10, 15, -15];
        var y = new double[days];
        for (var t = 0; t < days; t++)
        {
            var e = sigma * random.Normal();
            y[t] = level + season[t % 7] + e;
            level += alpha * e;
            season[t % 7] += gamma * e;
        }

        return y;
    }
}
