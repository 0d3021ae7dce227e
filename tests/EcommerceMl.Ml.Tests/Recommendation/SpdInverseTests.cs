using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Ml.Tests.Recommendation;

public class SpdInverseTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(192)]
    public void Invert_TimesTheMatrix_IsTheIdentity(int n)
    {
        var random = new Random(11);
        var m = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                m[i, j] = random.NextDouble() - 0.5;
            }
        }

        // A = MᵀM + n/4·I: symmetric positive definite, moderately conditioned, like a Gram matrix plus λ.
        var a = new double[n, n];
        var packed = new float[n * n];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var sum = i == j ? n / 4.0 : 0;
                for (var r = 0; r < n; r++)
                {
                    sum += m[r, i] * m[r, j];
                }

                a[i, j] = sum;
                packed[(i * n) + j] = (float)sum;
            }
        }

        SpdInverse.Invert(packed, n);

        var worst = 0.0;
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < n; j++)
            {
                var product = 0.0;
                for (var r = 0; r < n; r++)
                {
                    product += a[i, r] * packed[(r * n) + j];
                }

                worst = Math.Max(worst, Math.Abs(product - (i == j ? 1 : 0)));
            }
        }

        Assert.True(worst < 1e-4, $"|A·A⁻¹ − I| reaches {worst}");
    }

    [Fact]
    public void Invert_WhenNotPositiveDefinite_Refuses()
    {
        var n = SpdInverse.Block;
        var a = new float[n * n];
        for (var i = 0; i < n; i++)
        {
            a[(i * n) + i] = i == 5 ? -1 : 1;
        }

        var error = Assert.Throws<ArithmeticException>(() => SpdInverse.Invert(a, n));

        Assert.Contains("positive definite", error.Message, StringComparison.Ordinal);
    }
}
