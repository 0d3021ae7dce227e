namespace EcommerceMl.Ml.Search;

/// <summary>
/// Typo tolerance: the catalogue words one edit away from a query word (one letter added, dropped or changed, or two
/// neighbours swapped — the optimal-string-alignment distance 1), for query words of <see cref="MinLength"/> letters
/// or more. Shorter words have too many neighbours ("lamp" → "lame", "damp", "camp") for a correction to be a guess
/// worth making. A scan of the words of nearby lengths with a linear check: tens of thousands of words take well under
/// a millisecond, and nothing is precomputed.
/// </summary>
public sealed class TypoMatcher
{
    public const int MinLength = 5;

    private readonly int[][] _byLength;
    private readonly IReadOnlyList<string> _words;

    /// <param name="words">The catalogue's words; the answers are indices into it.</param>
    public TypoMatcher(IReadOnlyList<string> words)
    {
        ArgumentNullException.ThrowIfNull(words);
        _words = words;
        var maxLength = words.Count == 0 ? 0 : words.Max(w => w.Length);
        var buckets = Enumerable.Range(0, maxLength + 2).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < words.Count; i++)
        {
            buckets[words[i].Length].Add(i);
        }

        _byLength = [.. buckets.Select(b => b.ToArray())];
    }

    /// <summary>Indices of the words one edit from <paramref name="word"/> (not the word itself); none when it is shorter than <see cref="MinLength"/>.</summary>
    public List<int> Neighbours(string word)
    {
        ArgumentNullException.ThrowIfNull(word);
        var found = new List<int>();
        if (word.Length < MinLength)
        {
            return found;
        }

        for (var length = word.Length - 1; length <= word.Length + 1; length++)
        {
            if (length >= _byLength.Length)
            {
                break;
            }

            foreach (var i in _byLength[length])
            {
                if (IsOneEdit(word, _words[i]))
                {
                    found.Add(i);
                }
            }
        }

        return found;
    }

    /// <summary>True when <paramref name="a"/> and <paramref name="b"/> differ by exactly one insertion, deletion, substitution or adjacent swap.</summary>
    public static bool IsOneEdit(ReadOnlySpan<char> a, ReadOnlySpan<char> b)
    {
        if (a.Length < b.Length)
        {
            var t = a;
            a = b;
            b = t;
        }

        if (a.Length - b.Length > 1)
        {
            return false;
        }

        var prefix = 0;
        while (prefix < b.Length && a[prefix] == b[prefix])
        {
            prefix++;
        }

        if (a.Length != b.Length)
        {
            // One letter of the longer word dropped at the first difference; the rest must agree.
            return a[(prefix + 1)..].SequenceEqual(b[prefix..]);
        }

        if (prefix == a.Length)
        {
            return false;
        }

        // One letter changed, or it and the next swapped.
        return a[(prefix + 1)..].SequenceEqual(b[(prefix + 1)..])
            || (prefix + 1 < a.Length && a[prefix] == b[prefix + 1] && a[prefix + 1] == b[prefix] && a[(prefix + 2)..].SequenceEqual(b[(prefix + 2)..]));
    }
}
