using System.Runtime.CompilerServices;
using System.Text;

namespace EcommerceMl.Ml.Search;

/// <summary>One word of a text: where it sits (for highlighting), the word as written (lower case) and its stem.</summary>
public readonly record struct SearchToken(int Start, int Length, string Word, string Stem);

/// <summary>
/// English analysis, the same for the catalogue and for queries: words are runs of letters and digits
/// (apostrophes inside a word are dropped, "men's" → "mens"; anything else splits, "T-LIGHT" → "t", "light"),
/// folded to lower case without accents ("Crème" → "creme"), common English stop words dropped, and each word
/// stemmed with <see cref="PorterStemmer"/>.
/// </summary>
public static class SearchText
{
    /// <summary>Lucene's English stop set: words too common in product text and queries to tell products apart.</summary>
    public static IReadOnlySet<string> StopWords { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it", "no", "not", "of",
        "on", "or", "such", "that", "the", "their", "then", "there", "these", "they", "this", "to", "was", "will", "with",
    };

    /// <summary>
    /// The words of <paramref name="text"/> in order, stop words left out. <paramref name="stems"/>, when given, caches
    /// each word's stem (indexing a catalogue meets the same few thousand words again and again).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static List<SearchToken> Tokenize(string? text, Dictionary<string, string>? stems = null)
    {
        var tokens = new List<SearchToken>();
        if (string.IsNullOrEmpty(text))
        {
            return tokens;
        }

        var word = new StringBuilder();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var c = i < text.Length ? text[i] : ' ';
            if (char.IsLetterOrDigit(c))
            {
                if (start < 0)
                {
                    start = i;
                }

                AppendFolded(word, c);
            }
            else if (c is '\'' or '’' && start >= 0 && i + 1 < text.Length && char.IsLetterOrDigit(text[i + 1]))
            {
                // Inside a word: "men's" stays one word.
            }
            else if (start >= 0)
            {
                Add(tokens, start, i - start, word, stems);
                word.Clear();
                start = -1;
            }
        }

        return tokens;
    }

    /// <summary>The stems of <paramref name="text"/>'s words: what the index stores and a query looks up.</summary>
    public static IEnumerable<string> Stems(string? text) => Tokenize(text).Select(t => t.Stem);

    /// <summary>A word as the analyser writes it: lower case, accents removed ("Crème" → "creme").</summary>
    public static string Fold(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var builder = new StringBuilder(word.Length);
        foreach (var c in word)
        {
            AppendFolded(builder, c);
        }

        return builder.ToString();
    }

    private static void Add(List<SearchToken> tokens, int start, int length, StringBuilder folded, Dictionary<string, string>? stems)
    {
        var word = folded.ToString();
        if (StopWords.Contains(word))
        {
            return;
        }

        if (stems is null)
        {
            tokens.Add(new SearchToken(start, length, word, PorterStemmer.Stem(word)));
            return;
        }

        if (!stems.TryGetValue(word, out var stem))
        {
            stems[word] = stem = PorterStemmer.Stem(word);
        }

        tokens.Add(new SearchToken(start, length, word, stem));
    }

    private static void AppendFolded(StringBuilder builder, char c)
    {
        var lower = char.ToLowerInvariant(c);
        if (lower < 128 || !Accents.TryGetValue(lower, out var plain))
        {
            builder.Append(lower);
            return;
        }

        builder.Append(plain);
    }

    /// <summary>
    /// Latin letters with accents and ligatures, spelt without: the server runs with invariant globalization (no ICU),
    /// so Unicode decomposition is not available; these cover the catalogues of Western European shops.
    /// </summary>
    private static readonly Dictionary<char, string> Accents = BuildAccents();

    private static Dictionary<char, string> BuildAccents()
    {
        var accents = new Dictionary<char, string> { ['ß'] = "ss", ['æ'] = "ae", ['œ'] = "oe", ['ø'] = "o", ['ł'] = "l", ['đ'] = "d", ['ı'] = "i" };
        foreach (var (letters, plain) in new[]
        {
            ("àáâãäåāăą", "a"), ("çćĉċč", "c"), ("ď", "d"), ("èéêëēĕėęě", "e"), ("ĝğġģ", "g"), ("ĥ", "h"), ("ìíîïĩīĭį", "i"),
            ("ĵ", "j"), ("ķ", "k"), ("ĺļľŀ", "l"), ("ñńņň", "n"), ("òóôõöōŏő", "o"), ("ŕŗř", "r"), ("śŝşš", "s"), ("ţťŧ", "t"),
            ("ùúûüũūŭůűų", "u"), ("ŵ", "w"), ("ýÿŷ", "y"), ("źżž", "z"),
        })
        {
            foreach (var letter in letters)
            {
                accents[letter] = plain;
            }
        }

        return accents;
    }
}
