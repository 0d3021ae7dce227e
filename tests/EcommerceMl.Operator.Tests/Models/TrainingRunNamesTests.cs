using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Tests.Models;

public sealed class TrainingRunNamesTests
{
    [Fact]
    public void Names_AreDeterministicPerTriggerOccurrence()
    {
        var at = new DateTimeOffset(2026, 11, 10, 2, 0, 0, TimeSpan.Zero);

        Assert.Equal("m-initial", TrainingRunNames.Initial("m"));
        Assert.Equal("m-sched-202611100200", TrainingRunNames.Scheduled("m", at));
        Assert.Equal("m-sched-20261110020030", TrainingRunNames.Scheduled("m", at.AddSeconds(30)));
        Assert.Equal("m-drift-20261110020000", TrainingRunNames.Drift("m", at));
        Assert.Equal("m-perf-20261110020000", TrainingRunNames.Performance("m", at));
        Assert.Equal("m-newdata-20261101t000000z-1a2b3c", TrainingRunNames.NewData("m", "20261101T000000Z-1a2b3c"));
        Assert.Equal("m-maxage-20261101t000000z-1a2b3c", TrainingRunNames.MaxAge("m", "20261101T000000Z-1a2b3c"));
        Assert.Equal("m-mon-20261110020000", TrainingRunNames.Monitoring("m", at));
    }

    [Fact]
    public void Names_OfALongModel_AreCutToALabelAndKeepTwoModelsApart()
    {
        var a = new string('a', 60) + "-one";
        var b = new string('a', 60) + "-two";

        var nameA = TrainingRunNames.NewData(a, "20261101T000000Z-1a2b3c");
        var nameB = TrainingRunNames.NewData(b, "20261101T000000Z-1a2b3c");

        Assert.True(nameA.Length <= 63, nameA);
        Assert.Matches(NamePatterns.Dns1123Label, nameA);
        Assert.EndsWith("-newdata-20261101t000000z-1a2b3c", nameA, StringComparison.Ordinal);
        Assert.NotEqual(nameA, nameB);
    }
}
