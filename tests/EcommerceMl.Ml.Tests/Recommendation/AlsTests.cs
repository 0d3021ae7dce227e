using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Tests.Recommendation;

public class AlsTests
{
    private const int Factors = 8;

    private static InteractionData Data(int seed) =>
        InteractionData.FromShop(TestShops.Random(seed, customerCount: 40, productCount: 25, density: 0.3));

    [Fact]
    public void ConjugateGradient_WithEnoughSteps_ReachesTheExactSolve()
    {
        var data = Data(seed: 1);
        var items = AlsKernel.Initialize(data.ProductCount, Factors, seed: 5, stride: Factors);
        for (var i = 0; i < items.Length; i++)
        {
            items[i] *= 100; // away from the tiny start, so the system is not dominated by λ
        }

        var users = AlsKernel.Initialize(data.CustomerCount, Factors, seed: 6, stride: Factors);
        const double regularization = 0.5, confidence = 5;

        AlsKernel.ConjugateGradientStep(users, items, AlsKernel.Gram(items, Factors, Factors, regularization), data.CustomerOffsets, data.CustomerItems, (float)confidence, Factors, steps: 2 * Factors);

        var exact = AlsOracle.SolveAll(items, Factors, data.CustomerOffsets, data.CustomerItems, regularization, confidence);
        AssertClose(exact, users, 2e-3);
    }

    [Fact]
    public void ConjugateGradient_WithFewSteps_MovesTowardsTheExactSolve()
    {
        var data = Data(seed: 2);
        var items = AlsKernel.Initialize(data.ProductCount, Factors, seed: 7, stride: Factors).Select(v => v * 100).ToArray();
        var users = new float[data.CustomerCount * Factors];
        const double regularization = 0.5, confidence = 5;
        var exact = AlsOracle.SolveAll(items, Factors, data.CustomerOffsets, data.CustomerItems, regularization, confidence);
        var before = Distance(exact, users);

        AlsKernel.ConjugateGradientStep(users, items, AlsKernel.Gram(items, Factors, Factors, regularization), data.CustomerOffsets, data.CustomerItems, (float)confidence, Factors, steps: 3);

        Assert.True(Distance(exact, users) < 0.2 * before, $"distance to the exact solve {Distance(exact, users)} vs {before} before");
    }

    [Fact]
    public void Fit_MatchesAlternatingExactSolvesFromTheSameStart()
    {
        var data = Data(seed: 3);
        var options = new AlsOptions(Factors, Iterations: 3, Regularization: 0.1, Alpha: 4, CgSteps: 2 * Factors, Seed: 9);

        var (users, items) = AlsKernel.Fit(data.CustomerCount, data.ProductCount, data.CustomerOffsets, data.CustomerItems, options, progress: null);

        var (itemOffsets, itemCustomers) = AlsKernel.Transpose(data.ProductCount, data.CustomerOffsets, data.CustomerItems);
        var oracleUsers = AlsKernel.Initialize(data.CustomerCount, Factors, options.Seed, Factors);
        var oracleItems = AlsKernel.Initialize(data.ProductCount, Factors, options.Seed + 1, Factors);
        for (var iteration = 0; iteration < options.Iterations; iteration++)
        {
            oracleUsers = AlsOracle.SolveAll(oracleItems, Factors, data.CustomerOffsets, data.CustomerItems, options.Regularization, 1 + options.Alpha);
            oracleItems = AlsOracle.SolveAll(oracleUsers, Factors, itemOffsets, itemCustomers, options.Regularization, 1 + options.Alpha);
        }

        // Compare predictions x_u·y_i (the factors themselves are only defined up to rotation in general,
        // but from the same start with exact solves they should agree too).
        AssertClose(Predictions(oracleUsers, oracleItems, data), Predictions(users, items, data), 5e-3);
    }

    [Theory]
    [InlineData(5)] // padded to one vector
    [InlineData(40)] // a block of four vectors and single vectors (eight-float vectors)
    [InlineData(64)] // the default: one block of eight vectors
    [InlineData(100)] // padded, every block size
    public void Fit_AgreesWithTheReferenceKernel(int factors)
    {
        var data = InteractionData.FromShop(TestShops.Random(seed: 11, customerCount: 150, productCount: 90, density: 0.1));
        var options = new AlsOptions(factors, Iterations: 15, Regularization: 2, Alpha: 4, CgSteps: 3, Seed: 42);

        var (users, items) = AlsKernel.Fit(data.CustomerCount, data.ProductCount, data.CustomerOffsets, data.CustomerItems, options, progress: null);
        var reference = AlsReferenceKernel.Fit(data.CustomerCount, data.ProductCount, data.CustomerOffsets, data.CustomerItems, options, progress: null);

        // The same algorithm from the same start: only the order of float sums differs.
        AssertClose(reference.Users, users, 1e-3);
        AssertClose(reference.Items, items, 1e-3);
    }

    [Fact]
    public void Fit_WithAnInteractionOutsideTheCatalogue_NamesIt()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() =>
            AlsKernel.Fit(2, 3, [0, 1, 2], [1, 3], new AlsOptions(4, 1, 1, 1, 1, 1), progress: null));

        Assert.Contains("product 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recommend_NeverReturnsBoughtProducts_AndUnknownCustomersGetPopularity()
    {
        var shop = TestShops.TwoClusters(seed: 4);
        var als = Fit.Als(shop, ("factors", "8"), ("regularization", "1"));
        var popularity = Fit.Popularity(shop);

        foreach (var customer in als.Catalog.Customers)
        {
            var bought = als.PurchasedBy(customer);
            Assert.DoesNotContain(als.Recommend(customer, 10), p => bought.Contains(p.ProductId));
        }

        Assert.Equal(popularity.Recommend("nobody", 10), als.Recommend("nobody", 10));
    }

    [Fact]
    public void Fit_WithTheSameSeed_IsReproducible()
    {
        var shop = TestShops.Random(seed: 8, customerCount: 30, productCount: 20, density: 0.3);

        var first = Assert.IsType<AlsRecommender>(Fit.Als(shop, ("factors", "4"), ("seed", "3")));
        var again = Assert.IsType<AlsRecommender>(Fit.Als(shop, ("factors", "4"), ("seed", "3")));

        Assert.Equal(first.Score(0, 1), again.Score(0, 1), 5);
        Assert.Equal(first.Recommend(first.Catalog.Customers[2], 5), again.Recommend(first.Catalog.Customers[2], 5));
    }

    [Fact]
    public void Similar_PointsInsideTheCoPurchaseCluster()
    {
        var model = Fit.Als(TestShops.TwoClusters(seed: 3), ("factors", "4"), ("regularization", "1"));

        var similar = model.Similar("a0", 3)!;

        Assert.NotEmpty(similar);
        Assert.All(similar, s => Assert.StartsWith("a", s.ProductId, StringComparison.Ordinal));
    }

    private static double[] Predictions(float[] users, float[] items, InteractionData data)
    {
        var result = new double[data.CustomerCount * data.ProductCount];
        for (var u = 0; u < data.CustomerCount; u++)
        {
            for (var i = 0; i < data.ProductCount; i++)
            {
                var sum = 0.0;
                for (var a = 0; a < Factors; a++)
                {
                    sum += users[(u * Factors) + a] * (double)items[(i * Factors) + a];
                }

                result[(u * data.ProductCount) + i] = sum;
            }
        }

        return result;
    }

    private static void AssertClose(IReadOnlyList<double> expected, IReadOnlyList<double> actual, double tolerance)
    {
        var scale = Math.Max(1e-6, expected.Max(Math.Abs));
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max() / scale;
        Assert.True(worst < tolerance, $"largest difference is {worst:E2} of the largest value");
    }

    private static void AssertClose(float[] expected, float[] actual, double tolerance) =>
        AssertClose([.. expected.Select(v => (double)v)], [.. actual.Select(v => (double)v)], tolerance);

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());
}
