using EcommerceMl.Ml.Search;

namespace EcommerceMl.Ml.Tests.Search;

/// <summary>MaxScore pruning: the pruned search answers exactly what scoring every match answers, with less work.</summary>
public sealed class ProductIndexPruningTests
{
    private static readonly string[] Categories = ["Kitchen", "Garden", "Lighting", "Textiles", "Stationery"];

    private static readonly ProductIndex Index = ProductIndexBuilder.Build(SkewedCatalogue(3000, seed: 11), Bm25Settings.Default);

    [Fact]
    public void Search_Pruned_EqualsTheExhaustiveSearch_OnSkewedWordsTyposCategoriesAndLimits()
    {
        // Queries of 1–4 words drawn with the catalogue's own skew (so most hold a word in half the products), a
        // quarter with a typo, a fifth in one category, at limits from 1 to past the matches.
        var random = new Random(5);
        var vocabulary = Vocabulary();
        var limits = new[] { 1, 2, 5, 10, 20, 100, 5000 };
        var typos = 0;
        for (var q = 0; q < 600; q++)
        {
            var words = Enumerable.Range(0, 1 + random.Next(4)).Select(_ => vocabulary[Skewed(random, vocabulary.Length)]).ToList();
            if (random.Next(4) == 0 && words[0].Length >= TypoMatcher.MinLength)
            {
                words[0] = Typo(random, words[0]);
            }

            var query = new SearchQuery(
                string.Join(' ', words), limits[random.Next(limits.Length)], Category: random.Next(5) == 0 ? Categories[random.Next(Categories.Length)] : null);

            var pruned = Index.Search(query, prune: true, out _);
            var exhaustive = Index.Search(query, prune: false, out _);

            Assert.Equal(exhaustive.Total, pruned.Total);
            Assert.Equal(exhaustive.Hits, pruned.Hits); // ids, scores to the bit, fields and words matched, in order
            Assert.Equal(exhaustive.Terms, pruned.Terms);
            typos += pruned.Corrections.Count;
        }

        Assert.True(typos > 50, $"{typos} corrected words");
    }

    [Fact]
    public void Search_OfACommonWordAfterARareOne_ScoresOnlyWhatCanStillReachTheTop()
    {
        // "large" is in over half the catalogue, "set" (the vocabulary's rarest word) in a few products. Once the best
        // "set" products are known, a product with "large" alone cannot reach them: most "large" postings are counted,
        // not scored.
        Assert.True(Index.DocumentFrequency("set") * 5 < Index.DocumentFrequency("larg"));
        var query = new SearchQuery("set large", 10);

        var pruned = Index.Search(query, prune: true, out var scoredPruned);
        var exhaustive = Index.Search(query, prune: false, out var scoredAll);

        Assert.Equal(Index.DocumentFrequency("larg") + Index.DocumentFrequency("set"), scoredAll);
        Assert.True(scoredPruned < scoredAll / 4, $"scored {scoredPruned} of {scoredAll} postings");
        Assert.Equal(exhaustive.Hits, pruned.Hits);
        Assert.Equal(exhaustive.Total, pruned.Total);
    }

    [Fact]
    public void Search_OfOneCommonWord_SkipsTheBlocksThatCannotBeatTheBestFound()
    {
        var query = new SearchQuery("large", 10);

        var pruned = Index.Search(query, prune: true, out var scoredPruned);
        var exhaustive = Index.Search(query, prune: false, out var scoredAll);

        Assert.True(scoredPruned < scoredAll / 2, $"scored {scoredPruned} of {scoredAll} postings");
        Assert.Equal(exhaustive.Hits, pruned.Hits);
        Assert.Equal(Index.DocumentFrequency("larg"), pruned.Total);
    }

    [Fact]
    public void Search_WhenEveryScoreTies_KeepsTheEarliestProducts()
    {
        // Every product scores the same for both words: a bound that only ties the k-th best must not prune, since a
        // product earlier in the catalogue wins the tie.
        var documents = Enumerable.Range(0, 500)
            .Select(i => new SearchDocument($"P{i:000}", i % 2 == 0 ? "Red Chair" : "Blue Chair", "Furniture", "", "")).ToList();
        var index = ProductIndexBuilder.Build(documents, Bm25Settings.Default);

        foreach (var text in new[] { "red blue", "blue red", "chair", "chair red" })
        {
            var query = new SearchQuery(text, 7);

            Assert.Equal(index.Search(query, prune: false, out _).Hits, index.Search(query, prune: true, out _).Hits);
        }
    }

    private static string[] Vocabulary() =>
    [
        "velvet", "linen", "oak", "brass", "ceramic", "lamp", "bowl", "chair", "table", "candle", "pillow", "throw", "vase",
        "mirror", "basket", "planter", "rug", "blanket", "mug", "plate", "stool", "shelf", "clock", "frame", "jar", "tray",
        "nordic", "rustic", "vintage", "modern", "classic", "woven", "glass", "marble", "copper", "cotton", "wool", "jute",
        "blue", "green", "ivory", "navy", "grey", "black", "white", "round", "square", "tall", "mini", "set",
    ];

    /// <summary>An index into a list of n, small indices far more likely (roughly Zipf): a few words are everywhere.</summary>
    private static int Skewed(Random random, int n) => (int)Math.Min(n - 1, Math.Floor(Math.Pow(n + 1, random.NextDouble()) - 1));

    private static string Typo(Random random, string word)
    {
        var at = random.Next(word.Length - 1);
        return random.Next(2) == 0 ? word.Remove(at, 1) : word[..at] + word[at + 1] + word[at] + word[(at + 2)..];
    }

    /// <summary>Products whose words follow a skew, half of them "large", with repeated words and lengths that vary.</summary>
    private static List<SearchDocument> SkewedCatalogue(int products, int seed)
    {
        var random = new Random(seed);
        var vocabulary = Vocabulary();
        string Words(int min, int max) => string.Join(' ', Enumerable.Range(0, random.Next(min, max + 1)).Select(_ => vocabulary[Skewed(random, vocabulary.Length)]));
        return
        [
            .. Enumerable.Range(0, products).Select(i => new SearchDocument(
                $"P{i:00000}",
                (random.Next(8) == 0 ? "Large " : "") + Words(2, 5),
                Categories[random.Next(Categories.Length)],
                Words(0, 14),
                random.Next(2) == 0 ? "size: large" : $"size: small; colour: {vocabulary[38 + random.Next(7)]}")),
        ];
    }
}
