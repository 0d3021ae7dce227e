namespace EcommerceMl.Ml.Churn;

/// <summary>
/// Splits labelled customers into train and test (pure, seeded): each customer on exactly one
/// side, the churn rate the same on both (stratified by label). Sorting by id before shuffling
/// makes the split depend only on the seed, not on the order the rows arrived in.
/// </summary>
public static class CustomerSplit
{
    public static (IReadOnlyList<ChurnExample> Train, IReadOnlyList<ChurnExample> Test) Stratified(
        IReadOnlyList<ChurnExample> examples, double testFraction, int seed)
    {
        ArgumentNullException.ThrowIfNull(examples);
        if (!(testFraction > 0 && testFraction < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(testFraction), testFraction, "The test fraction must be strictly between 0 and 1.");
        }

        var random = new Random(seed);
        var train = new List<ChurnExample>();
        var test = new List<ChurnExample>();
        foreach (var churned in new[] { false, true })
        {
            var group = examples.Where(e => e.Churned == churned).OrderBy(e => e.CustomerId, StringComparer.Ordinal).ToArray();
            random.Shuffle(group);
            var testCount = group.Length < 2 ? 0 : Math.Clamp((int)Math.Round(group.Length * testFraction), 1, group.Length - 1);
            test.AddRange(group[..testCount]);
            train.AddRange(group[testCount..]);
        }

        return (train, test);
    }
}
