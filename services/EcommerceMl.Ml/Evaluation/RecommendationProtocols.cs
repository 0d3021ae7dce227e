using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Datasets;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>
/// The named evaluation protocols of the recommendation harness (issue 7), as pure functions from
/// a shop and a seed to a <see cref="RecommendationSplit"/>:
/// <list type="bullet">
/// <item><c>random-75-25</c>: <see cref="RandomPerUserSplit"/> with share 0.75 and the run's seed.</item>
/// <item><c>random-75-25-validation</c>: for choosing hyperparameters without touching the test
/// side — <c>random-75-25</c>'s training side only, split again per user 75/25 (seed + 1000); its
/// "test" items are drawn from what <c>random-75-25</c> trains on, never from what it tests on.</item>
/// <item><c>temporal</c>: customers with an id only (guest checkouts dropped); on online-retail
/// train before 2011-11-09 and test 2011-11-09..2011-12-09; on any other shop the last
/// <see cref="TemporalTestDays"/> days are the test window. The seed does not change the split.</item>
/// </list>
/// </summary>
public static class RecommendationProtocols
{
    public const string Random7525 = "random-75-25";

    public const string Random7525Validation = "random-75-25-validation";

    public const string Temporal = "temporal";

    /// <summary>Added to the run's seed for the validation protocol's inner split.</summary>
    public const int ValidationSeedOffset = 1000;

    /// <summary>Test window of the temporal protocol on shops other than online-retail.</summary>
    public const int TemporalTestDays = 30;

    public static IReadOnlyList<string> Names { get; } = [Random7525, Random7525Validation, Temporal];

    /// <summary>Online Retail: train up to 2011-11-08, test 2011-11-09..2011-12-09 (the data's last day).</summary>
    public static readonly DateTime OnlineRetailCutoff = new(2011, 11, 9);

    public static readonly DateTime OnlineRetailEnd = new(2011, 12, 10);

    public static RecommendationSplit Split(ShopData data, string protocol, int seed)
    {
        ArgumentNullException.ThrowIfNull(data);
        switch (protocol)
        {
            case Random7525:
                return RandomPerUserSplit.Split(data, 0.75, seed);
            case Random7525Validation:
                return RandomPerUserSplit.Split(RandomPerUserSplit.Split(data, 0.75, seed).Train, 0.75, seed + ValidationSeedOffset);
            case Temporal:
                var identified = GuestCheckouts.Remove(data);
                if (string.Equals(data.Name, OnlineRetailLoader.DatasetName, StringComparison.Ordinal))
                {
                    return TemporalWindowSplit.Split(identified, OnlineRetailCutoff, OnlineRetailEnd);
                }

                if (identified.Orders.Count == 0)
                {
                    throw new ArgumentException($"The shop '{data.Name}' has no orders of identified customers to split.", nameof(data));
                }

                var lastDay = identified.Orders.Max(o => o.OrderedAt).Date;
                return TemporalWindowSplit.Split(identified, lastDay.AddDays(1 - TemporalTestDays), lastDay.AddDays(1));
            default:
                throw new ArgumentException($"Unknown evaluation protocol '{protocol}'. Accepted: {string.Join(", ", Names)}.", nameof(protocol));
        }
    }
}
