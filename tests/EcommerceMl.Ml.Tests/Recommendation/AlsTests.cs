using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Tests.Recommendation;

public class AlsTests
{
    private const int Factors = 8;

    private static InteractionData Data(int seed) =>
        InteractionData.FromShop(TestShops.Random(seed, customerCount: 40, productCount: 25, density: 0.3));

    [Theory]
    [InlineData(Solver.Rows)]
    [InlineData(Solver.Sweep)]
    public void ConjugateGradient_WithEnoughSteps_ReachesTheExactSolve(Solver solver)
    {
        var data = Data(seed: 1);
        var items = AlsKernel.Initialize(data.ProductCount, Factors, seed: 5, stride: Factors);
        for (var i = 0; i < items.Length; i++)
        {
            items[i] *= 100; // away from the tiny start, so the system is not dominated by λ
        }

        var users = AlsKernel.Initialize(data.CustomerCount, Factors, seed: 6, stride: Factors);
        const double regularization = 0.5, confidence = 5;

        Step(solver, users, items, data, regularization, confidence, steps: 2 * Factors);

        var exact = AlsOracle.SolveAll(items, Factors, data.CustomerOffsets, data.CustomerItems, regularization, confidence);
        AssertClose(exact, users, 2e-3);
    }

    [Theory]
    [InlineData(Solver.Rows)]
    [InlineData(Solver.Sweep)]
    public void ConjugateGradient_WithFewSteps_MovesTowardsTheExactSolve(Solver solver)
    {
        var data = Data(seed: 2);
        var items = AlsKernel.Initialize(data.ProductCount, Factors, seed: 7, stride: Factors).Select(v => v * 100).ToArray();
        var users = new float[data.CustomerCount * Factors];
        const double regularization = 0.5, confidence = 5;
        var exact = AlsOracle.SolveAll(items, Factors, data.CustomerOffsets, data.CustomerItems, regularization, confidence);
        var before = Distance(exact, users);

        Step(solver, users, items, data, regularization, confidence, steps: 3);

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
    [InlineData(5, 150, 90)] // padded to one vector; customers row by row, products by the sweep
    [InlineData(40, 150, 90)] // a block of four vectors and single vectors (eight-float vectors)
    [InlineData(64, 150, 90)] // the default: one block of eight vectors
    [InlineData(100, 150, 90)] // padded, every block size
    [InlineData(64, 60, 200)] // more products than customers: customers by the sweep, products row by row
    public void HalfIteration_AgreesWithTheReferenceKernelsStep(int factors, int customers, int products)
    {
        var data = InteractionData.FromShop(TestShops.Random(seed: 11, customerCount: customers, productCount: products, density: 0.1));
        var (itemOffsets, itemCustomers) = AlsKernel.Transpose(data.ProductCount, data.CustomerOffsets, data.CustomerItems);
        var stride = AlsSimd.Stride(factors);
        var users = Scaled(AlsKernel.Initialize(data.CustomerCount, factors, seed: 1, stride), 30);
        var items = Scaled(AlsKernel.Initialize(data.ProductCount, factors, seed: 2, stride), 30);
        var referenceUsers = Unpadded(users, factors, stride);
        var referenceItems = Unpadded(items, factors, stride);
        const double regularization = 2;
        const float confidence = 5;

        // Customers given products, then products given customers: one of them row by row, the other by the
        // sweep. One CG step, so the comparison is of the arithmetic: after three the reference itself moves
        // by up to 2e-4 of the largest factor when λ changes by one part in a million (CG amplifies rounding).
        AlsKernel.HalfIteration(users, items, AlsGram.Of(items, stride, factors, regularization), data.CustomerOffsets, data.CustomerItems, itemOffsets, itemCustomers, confidence, steps: 1);
        AlsReferenceKernel.ConjugateGradientStep(referenceUsers, referenceItems, AlsReferenceKernel.Gram(referenceItems, factors, regularization), data.CustomerOffsets, data.CustomerItems, confidence, factors, steps: 1);
        AssertClose(referenceUsers, Unpadded(users, factors, stride), 1e-5);

        AlsKernel.HalfIteration(items, users, AlsGram.Of(users, stride, factors, regularization), itemOffsets, itemCustomers, data.CustomerOffsets, data.CustomerItems, confidence, steps: 1);
        AlsReferenceKernel.ConjugateGradientStep(referenceItems, referenceUsers, AlsReferenceKernel.Gram(referenceUsers, factors, regularization), itemOffsets, itemCustomers, confidence, factors, steps: 1);
        AssertClose(referenceItems, Unpadded(items, factors, stride), 1e-5);
        Assert.All(Enumerable.Range(0, users.Length).Where(e => e % stride >= factors), e => Assert.Equal(0, users[e])); // the padding stays zero
    }

    [Theory]
    [InlineData(5, 150, 90)]
    [InlineData(64, 150, 90)]
    [InlineData(64, 60, 200)]
    public void Fit_AgreesWithTheReferenceKernel(int factors, int customers, int products)
    {
        var data = InteractionData.FromShop(TestShops.Random(seed: 11, customerCount: customers, productCount: products, density: 0.1));
        var options = new AlsOptions(factors, Iterations: 15, Regularization: 2, Alpha: 4, CgSteps: 3, Seed: 42);

        var fit = FitWith(AlsKernel.Fit, data, options);
        var reference = FitWith(AlsReferenceKernel.Fit, data, options);

        // Over fifteen iterations a three-step CG amplifies rounding (the reference itself moves by up to
        // 8e-4 of the largest factor when λ changes by one part in a million), so the objective is
        // compared tightly and the factors at that scale.
        var objective = Objective(fit, data, options);
        var referenceObjective = Objective(reference, data, options);
        Assert.True(Math.Abs(objective - referenceObjective) < 1e-5 * referenceObjective, $"objective {objective} vs the reference's {referenceObjective}");
        AssertClose(reference.Users, fit.Users, 3e-3);
        AssertClose(reference.Items, fit.Items, 3e-3);
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

    [Theory]
    [InlineData("5")] // padded to whole vectors for scoring
    [InlineData("16")]
    public void ScoreInto_GivesEveryProductsScore(string factors)
    {
        var model = Assert.IsType<AlsRecommender>(Fit.Als(TestShops.Random(seed: 5, customerCount: 20, productCount: 37, density: 0.3), ("factors", factors)));
        var scores = new float[model.Catalog.ProductCount];

        model.ScoreInto(3, scores);

        Assert.All(Enumerable.Range(0, scores.Length), j => Assert.Equal(model.Score(3, j), scores[j], 5e-6f));
    }

    [Fact]
    public void Similar_PointsInsideTheCoPurchaseCluster()
    {
        var model = Fit.Als(TestShops.TwoClusters(seed: 3), ("factors", "4"), ("regularization", "1"));

        var similar = model.Similar("a0", 3)!;

        Assert.NotEmpty(similar);
        Assert.All(similar, s => Assert.StartsWith("a", s.ProductId, StringComparison.Ordinal));
    }

    private delegate (float[] Users, float[] Items) AlsFit(int customerCount, int productCount, int[] customerOffsets, int[] customerItems, AlsOptions options, IProgress<double>? progress);

    private static (float[] Users, float[] Items) FitWith(AlsFit fit, InteractionData data, AlsOptions options) =>
        fit(data.CustomerCount, data.ProductCount, data.CustomerOffsets, data.CustomerItems, options, null);

    /// <summary>Σ_ui c_ui (p_ui − x_u·y_i)² + λ(‖X‖² + ‖Y‖²), in double: what both kernels minimise.</summary>
    private static double Objective((float[] Users, float[] Items) factors, InteractionData data, AlsOptions options)
    {
        var f = options.Factors;
        var objective = options.Regularization * (factors.Users.Sum(v => (double)v * v) + factors.Items.Sum(v => (double)v * v));
        for (var u = 0; u < data.CustomerCount; u++)
        {
            var bought = data.CustomerItems.AsSpan(data.CustomerOffsets[u], data.CustomerOffsets[u + 1] - data.CustomerOffsets[u]).ToArray();
            for (var i = 0; i < data.ProductCount; i++)
            {
                var score = 0.0;
                for (var a = 0; a < f; a++)
                {
                    score += factors.Users[(u * f) + a] * (double)factors.Items[(i * f) + a];
                }

                var purchased = bought.Contains(i);
                objective += (purchased ? 1 + options.Alpha : 1) * Math.Pow((purchased ? 1 : 0) - score, 2);
            }
        }

        return objective;
    }

    public enum Solver
    {
        Rows,
        Sweep,
    }

    /// <summary>CG steps for every customer, given the items, by the chosen solver.</summary>
    private static void Step(Solver solver, float[] users, float[] items, InteractionData data, double regularization, double confidence, int steps)
    {
        var gram = AlsGram.Of(items, Factors, Factors, regularization);
        if (solver == Solver.Rows)
        {
            AlsRowSolver.Solve(users, items, gram, data.CustomerOffsets, data.CustomerItems, (float)confidence, steps);
        }
        else
        {
            var (itemOffsets, itemCustomers) = AlsKernel.Transpose(data.ProductCount, data.CustomerOffsets, data.CustomerItems);
            AlsSweepSolver.Solve(users, items, gram, data.CustomerOffsets, itemOffsets, itemCustomers, (float)confidence, steps);
        }
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

    private static float[] Scaled(float[] values, float factor) => [.. values.Select(v => v * factor)];

    private static float[] Unpadded(float[] padded, int factors, int stride) =>
        [.. padded.Where((_, e) => e % stride < factors)];

    private static double Distance(float[] a, float[] b) => Math.Sqrt(a.Zip(b, (x, y) => (double)(x - y) * (x - y)).Sum());
}
