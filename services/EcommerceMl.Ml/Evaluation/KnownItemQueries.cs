using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Search;

namespace EcommerceMl.Ml.Evaluation;

/// <summary>A known-item query: text a shopper looking for one product might type, and that product.</summary>
/// <param name="Typo">Whether one of its words carries a one-letter typo.</param>
public sealed record KnownItemQuery(string Text, string ProductId, bool Typo);

/// <summary>
/// Known-item queries drawn from the catalogue's own text: for a seeded sample of products, 1–3 distinct words of the
/// product's name and description (in their order there, stop words and one-letter words left out); a share of them
/// with one typo (a letter dropped, added, changed or two swapped) in one word of <see cref="TypoMatcher.MinLength"/>
/// letters or more — a query with no such word stays clean and is counted as clean.
/// </summary>
public static class KnownItemQueries
{
    private const string Letters = "abcdefghijklmnopqrstuvwxyz";

    public static IReadOnlyList<KnownItemQuery> Draw(IReadOnlyList<SearchDocument> documents, int count, double typoShare, int seed)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var random = new SeededRandom(seed);
        var order = Enumerable.Range(0, documents.Count).ToArray();
        for (var i = order.Length - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }

        var queries = new List<KnownItemQuery>(Math.Min(count, documents.Count));
        foreach (var d in order)
        {
            if (queries.Count == count)
            {
                break;
            }

            var document = documents[d];
            var words = SearchText.Tokenize($"{document.Name} {document.Description}")
                .Select(t => t.Word).Where(w => w.Length > 1).Distinct(StringComparer.Ordinal).ToList();
            if (words.Count == 0)
            {
                continue;
            }

            var length = random.Next(1, Math.Min(3, words.Count) + 1);
            var picked = Enumerable.Range(0, words.Count).OrderBy(_ => random.NextDouble()).Take(length).Order().Select(i => words[i]).ToList();
            var typo = random.Chance(typoShare) && AddTypo(picked, random);
            queries.Add(new KnownItemQuery(string.Join(' ', picked), document.ProductId, typo));
        }

        return queries;
    }

    /// <summary>Puts one typo into one long-enough word of <paramref name="words"/>; false when none is long enough.</summary>
    private static bool AddTypo(List<string> words, SeededRandom random)
    {
        var candidates = Enumerable.Range(0, words.Count).Where(i => words[i].Length >= TypoMatcher.MinLength && words[i].All(char.IsAsciiLetterLower)).ToList();
        if (candidates.Count == 0)
        {
            return false;
        }

        var i = candidates[random.Next(candidates.Count)];
        var word = words[i];
        string typed;
        do
        {
            var at = random.Next(word.Length);
            var letter = Letters[random.Next(Letters.Length)];
            typed = random.Next(4) switch
            {
                0 => word.Remove(at, 1),
                1 => word.Insert(at, letter.ToString()),
                2 => string.Concat(word.AsSpan(0, at), letter.ToString(), word.AsSpan(at + 1)),
                _ => at + 1 < word.Length ? string.Concat(word.AsSpan(0, at), word[at + 1].ToString(), word[at].ToString(), word.AsSpan(at + 2)) : word,
            };
        }
        while (typed == word);

        words[i] = typed;
        return true;
    }
}
