using EcommerceMl.Ml.Forecasting.Calendar;
using EcommerceMl.Ml.Forecasting.Demand;

namespace EcommerceMl.Ml.Tests.Forecasting.Calendar;

public sealed class OnlineRetailCalendarTests
{
    [Fact]
    public void OnlineRetailPreset_IsClosedExactlyOnTheDaysWithoutSales()
    {
        var shop = OnlineRetailTestData.Load(withGuests: true);
        if (shop is null)
        {
            Assert.Skip(OnlineRetailTestData.SkipReason);
        }

        var history = DemandHistory.Build(shop);

        var closed = HolidayCalendar.OnlineRetail.ClosedMask(history.Start, history.Days);
        var withoutSales = Enumerable.Range(0, history.Days).Select(t => history.ShopUnits[t] == 0).ToArray();
        Assert.Equal(withoutSales, closed);
        Assert.Equal(69, closed.Count(c => c));
    }
}
