using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Inference.Dashboard;

namespace EcommerceMl.Inference.Tests.Dashboard;

public sealed class SinkEventsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReadDaysAsync_ReadsNewestDayFirst_DropsRepeatedIds_AndAtTheCapNamesTheDayItCut()
    {
        var objects = new InMemoryEventObjects();
        var first = new DateOnly(2026, 11, 1);
        for (var i = 0; i < 5; i++)
        {
            var day = first.AddDays(i);
            var at = new DateTimeOffset(day.ToDateTime(new TimeOnly(10, 0)), TimeSpan.Zero);
            var e = new ShopEventRecord { SchemaVersion = 2, Id = $"e{i}", Type = EventSchema.PageView, OccurredAt = at, ReceivedAt = at, SessionId = "s", VisitorId = "v" };
            await objects.PutAsync(EventSinkLayout.ObjectPath(at, "w", (i * 2) + 1), EventSinkReader.Encode([EventJson.ToLine(e), EventJson.ToLine(e)]), Ct);
            await objects.PutAsync(EventSinkLayout.ObjectPath(at.AddMinutes(5), "w", (i * 2) + 2), EventSinkReader.Encode([EventJson.ToLine(e)]), Ct);
        }

        var all = new List<string>();
        var whole = await SinkEvents.ReadDaysAsync(objects, first, first.AddDays(4), e => all.Add(e.Id), Ct);
        var some = new List<string>();
        var cut = await SinkEvents.ReadDaysAsync(objects, first, first.AddDays(4), e => some.Add(e.Id), Ct, maxObjects: 5);

        Assert.Equal(["e4", "e3", "e2", "e1", "e0"], all);
        Assert.Equal((10, 5L, false), (whole.Objects, whole.Events, whole.Truncated));
        Assert.Equal(["e4", "e3", "e2"], some);
        Assert.Equal(first.AddDays(2), cut.CutDay);
    }
}
