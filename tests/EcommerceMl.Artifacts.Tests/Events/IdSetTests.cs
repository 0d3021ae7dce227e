using System.Text;
using EcommerceMl.Artifacts.Events;

namespace EcommerceMl.Artifacts.Tests.Events;

public sealed class IdSetTests
{
    [Fact]
    public void Add_TakesEachHashOnce_ThroughEveryGrowth()
    {
        var set = new IdSet();
        var ids = Enumerable.Range(0, 50_000).Select(i => set.Hash($"event-{i}")).ToList();

        Assert.All(ids, id => Assert.True(set.Add(id)));
        Assert.All(ids, id => Assert.False(set.Add(id)));
    }

    [Fact]
    public void Add_OfZero_IsTakenOnce_LikeAnyOtherHash()
    {
        var set = new IdSet();

        Assert.True(set.Add(UInt128.Zero));
        Assert.False(set.Add(UInt128.Zero));
        Assert.True(set.Add(UInt128.One));
    }

    [Fact]
    public void Add_OfHashesThatShareTheirLowBits_KeepsThemApart()
    {
        var set = new IdSet();
        var alike = Enumerable.Range(1, 5_000).Select(i => new UInt128((ulong)i, 42)).ToList();

        Assert.All(alike, id => Assert.True(set.Add(id)));
        Assert.All(alike, id => Assert.False(set.Add(id)));
    }

    [Fact]
    public void Hash_OfAnId_IsTheSameForItsTextAndItsBytes_AndSeededPerSet()
    {
        var set = new IdSet();
        const string Id = "e-é-1";

        Assert.Equal(set.Hash(Id), set.Hash(Encoding.UTF8.GetBytes(Id)));
        Assert.Equal(set.Hash(new string('x', 600)), set.Hash(Encoding.UTF8.GetBytes(new string('x', 600))));
        Assert.NotEqual(set.Hash(Id), new IdSet().Hash(Id));
    }
}
