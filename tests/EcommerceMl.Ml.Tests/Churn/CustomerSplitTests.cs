using EcommerceMl.Ml.Churn;

namespace EcommerceMl.Ml.Tests.Churn;

public class CustomerSplitTests
{
    private static readonly ChurnFeatures Any = new(1, 1, 1, 1, false);

    private static List<ChurnExample> Examples() =>
        [.. Enumerable.Range(0, 100).Select(i => new ChurnExample($"c{i}", Any, Churned: i % 4 == 0))];

    [Fact]
    public void Stratified_PutsEveryCustomerOnExactlyOneSide()
    {
        var (train, test) = CustomerSplit.Stratified(Examples(), 0.2, seed: 42);

        Assert.Empty(train.Select(e => e.CustomerId).Intersect(test.Select(e => e.CustomerId)));
        Assert.Equal(100, train.Count + test.Count);
        Assert.Equal(20, test.Count);
    }

    [Fact]
    public void Stratified_KeepsTheChurnRateOnBothSides()
    {
        var (train, test) = CustomerSplit.Stratified(Examples(), 0.2, seed: 42);

        Assert.Equal(5, test.Count(e => e.Churned));
        Assert.Equal(20, train.Count(e => e.Churned));
    }

    [Fact]
    public void Stratified_DependsOnlyOnTheSeed()
    {
        var shuffled = Examples().OrderByDescending(e => e.CustomerId, StringComparer.Ordinal).ToList();

        var first = CustomerSplit.Stratified(Examples(), 0.2, seed: 7).Test.Select(e => e.CustomerId).Order();
        var again = CustomerSplit.Stratified(shuffled, 0.2, seed: 7).Test.Select(e => e.CustomerId).Order();
        var other = CustomerSplit.Stratified(Examples(), 0.2, seed: 8).Test.Select(e => e.CustomerId).Order();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
    }
}
