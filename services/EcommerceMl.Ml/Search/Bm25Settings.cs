using EcommerceMl.Ml.Training;
using Keys = EcommerceMl.Contracts.HyperparameterKeys.Bm25;

namespace EcommerceMl.Ml.Search;

/// <summary>
/// BM25's two constants and the weight of a match in each field (BM25F-style: the per-field BM25 scores of a term,
/// weighted, are summed). A name match weighs double by default: shoppers type what a product is called.
/// </summary>
public sealed record Bm25Settings(double K1, double B, IReadOnlyList<double> FieldWeights)
{
    public static Bm25Settings Default { get; } = new(1.2, 0.75, [2.0, 1.0, 1.0, 1.0]);

    /// <summary>The settings a run asked for, defaults filled in; <paramref name="resolved"/> gets every value used.</summary>
    public static Bm25Settings Parse(string algorithm, IReadOnlyDictionary<string, string> given, out IReadOnlyDictionary<string, string> resolved)
    {
        var hp = new Hyperparameters(algorithm, given, Keys.All);
        var settings = new Bm25Settings(
            hp.GetDouble(Keys.K1, Default.K1, 0, 10),
            hp.GetDouble(Keys.B, Default.B, 0, 1),
            [
                hp.GetDouble(Keys.NameWeight, Default.FieldWeights[0], 0, 100),
                hp.GetDouble(Keys.CategoryWeight, Default.FieldWeights[1], 0, 100),
                hp.GetDouble(Keys.DescriptionWeight, Default.FieldWeights[2], 0, 100),
                hp.GetDouble(Keys.AttributesWeight, Default.FieldWeights[3], 0, 100),
            ]);
        resolved = hp.Resolved;
        return settings;
    }
}
