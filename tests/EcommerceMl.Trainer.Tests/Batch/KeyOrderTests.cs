using System.Text;
using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Trainer.Tests.Batch;

/// <summary>The key order must be PostgreSQL's COLLATE "C" (UTF-8 bytes), or a shard's BETWEEN would miss or take keys.</summary>
public sealed class KeyOrderTests
{
    [Fact]
    public void Compare_OrdersAsTheUtf8Bytes_WhereOrdinalDoesNot()
    {
        // U+FF21 (fullwidth A, 3 UTF-8 bytes EF BC A1) against U+1F600 (a surrogate pair, 4 bytes F0 9F 98 80).
        const string fullwidth = "\uFF21";
        const string emoji = "\U0001F600";
        Assert.True(string.CompareOrdinal(fullwidth, emoji) > 0, "UTF-16 order puts the surrogate first");

        Assert.True(KeyOrder.Instance.Compare(fullwidth, emoji) < 0);
    }

    [Fact]
    public void Compare_AgreesWithTheUtf8BytesOnMixedIds()
    {
        string[] ids = ["C10", "C9", "c1", "C1", "Ä", "\uE000x", "\U0001F600", "\uFF21", "", "C1\U0001F600", "C1\uFFFF"];

        var byKeyOrder = ids.Order(KeyOrder.Instance).ToList();
        var byBytes = ids.OrderBy(id => Encoding.UTF8.GetBytes(id), Comparer<byte[]>.Create((a, b) => a.AsSpan().SequenceCompareTo(b))).ToList();

        Assert.Equal(byBytes, byKeyOrder);
    }
}
