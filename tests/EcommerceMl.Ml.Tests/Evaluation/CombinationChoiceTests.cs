using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Ml.Tests.Evaluation;

public class CombinationChoiceTests
{
    // In-sample history with seasonal-naive MAE 1 at period 1 (steps of ±1): MASE = MAE.
    private static readonly double[] InSample = [0, 1, 0, 1, 0, 1, 0, 1];

    [Fact]
    public void Choose_WhenTwoMembersErrInOppositeDirections_PicksTheirMean()
    {
        // Actual 10; member 0 forecasts 8, member 1 forecasts 12, member 2 forecasts 11:
        // alone MAE 2, 2, 1; means {0,1} → 10 (0), {0,2} → 9.5 (0.5), {1,2} → 11.5, {0,1,2} → 10.33.
        var origin = new CombinationChoice.Origin([[8, 8], [12, 12], [11, 11]], [10, 10], InSample);

        var (members, meanMase) = CombinationChoice.Choose(3, [origin], masePeriod: 1);

        Assert.Equal([0, 1], members);
        Assert.Equal(0, meanMase, 1e-12);
    }

    [Fact]
    public void Choose_AveragesOverOrigins()
    {
        // Member 0 is exact at the first origin and 4 off at the second (mean 2); member 1 is 1 off
        // at both (mean 1); their mean is 0.5 off, then 2.5 off (mean 1.5): member 1 alone wins,
        // though member 0 is the better one at the first origin.
        var first = new CombinationChoice.Origin([[5], [6]], [5], InSample);
        var second = new CombinationChoice.Origin([[9], [6]], [5], InSample);

        var (members, meanMase) = CombinationChoice.Choose(2, [first, second], masePeriod: 1);

        Assert.Equal([1], members);
        Assert.Equal(1, meanMase, 1e-12);
    }

    [Fact]
    public void Choose_WhenAnOriginLacksAMember_SaysSo()
    {
        var origin = new CombinationChoice.Origin([[1]], [1], InSample);

        var error = Assert.Throws<ArgumentException>(() => CombinationChoice.Choose(2, [origin]));

        Assert.Contains("2 member forecasts", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void InverseMseWeights_WeighMembersByOneOverTheirMeanSquaredError()
    {
        // Actual 10 at two origins. Member 0 is 1 off everywhere (MSE 1); member 1 is 2 off at the
        // first origin and exact at the second (MSE (4 + 0) / 2 = 2): weights 1 : 1/2 → 2/3, 1/3.
        var first = new CombinationChoice.Origin([[11, 9], [12, 12]], [10, 10], InSample);
        var second = new CombinationChoice.Origin([[9], [10]], [10], InSample);

        var weights = CombinationChoice.InverseMseWeights(2, [first, second]);

        Assert.Equal(2.0 / 3, weights[0], 1e-12);
        Assert.Equal(1.0 / 3, weights[1], 1e-12);
    }

    [Fact]
    public void InverseMseWeights_WhenAMemberIsExact_GiveItAllTheWeight()
    {
        var origin = new CombinationChoice.Origin([[10], [12]], [10], InSample);

        Assert.Equal([1.0, 0.0], CombinationChoice.InverseMseWeights(2, [origin]));
    }

    [Fact]
    public void InverseMseWeights_WhenAnOriginLacksAMember_SaysSo()
    {
        var origin = new CombinationChoice.Origin([[10]], [10], InSample);

        var error = Assert.Throws<ArgumentException>(() => CombinationChoice.InverseMseWeights(2, [origin]));
        Assert.Contains("2 member forecasts", error.Message, StringComparison.Ordinal);
    }
}
