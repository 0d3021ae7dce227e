namespace EcommerceMl.Trainer.Batch;

/// <summary>
/// Ids in the order PostgreSQL sorts <c>text COLLATE "C"</c>: the bytes of their UTF-8 encoding, which is
/// the order of their code points. <see cref="string.CompareOrdinal(string, string)"/> compares UTF-16 code
/// units instead and differs for characters past U+FFFF against U+E000–U+FFFF, so a shard's range of keys
/// (deleted by <c>BETWEEN first AND last</c>) would not be the keys it holds.
/// </summary>
public sealed class KeyOrder : IComparer<string>
{
    public static KeyOrder Instance { get; } = new();

    public int Compare(string? x, string? y)
    {
        if (x is null || y is null)
        {
            return x is null ? (y is null ? 0 : -1) : 1;
        }

        var length = Math.Min(x.Length, y.Length);
        for (var i = 0; i < length; i++)
        {
            if (x[i] != y[i])
            {
                return CodePointRank(x[i]).CompareTo(CodePointRank(y[i]));
            }
        }

        return x.Length.CompareTo(y.Length);
    }

    /// <summary>Moves surrogates (D800–DFFF) above U+E000–U+FFFF, so code units compare as code points do.</summary>
    private static int CodePointRank(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
}
