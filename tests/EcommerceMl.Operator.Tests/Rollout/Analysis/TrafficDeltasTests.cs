using EcommerceMl.Operator.Rollout.Analysis;

namespace EcommerceMl.Operator.Tests.Rollout.Analysis;

public sealed class TrafficDeltasTests
{
    private const string Canary = "20261123T020000Z-bbbbbb";
    private const string Stable = "20261123T010000Z-aaaaaa";
    private static readonly DateTime T0 = new(2026, 11, 23, 3, 0, 0, DateTimeKind.Utc);

    private static ServingScrape Scrape(int secondsLater, params (string Target, Exposition Text)[] targets) => new(
        T0.AddSeconds(secondsLater),
        targets.ToDictionary(t => t.Target, t => PrometheusText.Parse(t.Text.ToString(), ServingScrape.IsRead), StringComparer.Ordinal),
        []);

    [Fact]
    public void Between_SumsEachVersionsIncreaseOverEveryPod_WhicheverPodAnswered()
    {
        var start = Scrape(0, ("stable-1", new Exposition().Requests(Stable, 100)), ("canary-1", new Exposition().Requests(Canary, 10, 1)));
        var end = Scrape(30, ("stable-1", new Exposition().Requests(Stable, 180).Requests(Canary, 0, 0)), ("canary-1", new Exposition().Requests(Canary, 50, 6)));

        var traffic = TrafficDeltas.Between(start, end, Exposition.Model, Canary, Stable);

        Assert.Equal((80.0, 0.0), (traffic.Stable.Requests, traffic.Stable.Errors));
        Assert.Equal((45.0, 5.0), (traffic.Canary.Requests, traffic.Canary.Errors));
        Assert.Equal(40.0 / 45, traffic.Canary.SuccessRate!.Value, 10);
        Assert.Equal(TimeSpan.FromSeconds(30), traffic.Length);
    }

    [Fact]
    public void Between_ACounterThatWentDown_WasReset_SoItsWholeValueIsTheIncrease()
    {
        var start = Scrape(0, ("canary-1", new Exposition().Requests(Canary, 500, 5)));
        var restarted = Scrape(30, ("canary-1", new Exposition().Requests(Canary, 40, 2)));

        var traffic = TrafficDeltas.Between(start, restarted, Exposition.Model, Canary, Stable);

        Assert.Equal((42.0, 2.0), (traffic.Canary.Requests, traffic.Canary.Errors));
        Assert.Equal(42.0, traffic.Canary.Buckets[^1].Count);
    }

    [Fact]
    public void Between_ANewPodCountsFromZero_ButOneUnreadAtTheStartIsLeftOut()
    {
        var start = Scrape(0) with { Unread = ["canary-2"], Problems = ["http://10.0.0.9:8080/metrics: timed out"] };
        var end = Scrape(30, ("canary-1", new Exposition().Requests(Canary, 30)), ("canary-2", new Exposition().Requests(Canary, 9000)));

        var traffic = TrafficDeltas.Between(start, end, Exposition.Model, Canary, Stable);

        Assert.Equal(30.0, traffic.Canary.Requests);
        Assert.Equal(["http://10.0.0.9:8080/metrics: timed out"], traffic.Problems);
    }

    [Fact]
    public void Between_CountsAnswersAndConversionsPerVersion_AndIgnoresOtherModels()
    {
        var other = PrometheusText.Parse($"ecml_recommendations_answered_total{{model=\"other\",version=\"{Canary}\"}} 999\n");
        var start = Scrape(0, ("p", new Exposition().Conversions(Canary, 10, 1).Conversions(Stable, 20, 4)));
        var end = Scrape(60, ("p", new Exposition().Conversions(Canary, 110, 6).Conversions(Stable, 220, 44)));
        end = end with { Targets = new Dictionary<string, IReadOnlyList<MetricSample>> { ["p"] = [.. end.Targets["p"], .. other] } };

        var traffic = TrafficDeltas.Between(start, end, Exposition.Model, Canary, Stable);

        Assert.Equal((100.0, 5.0), (traffic.Canary.Answers, traffic.Canary.ConversionsOf("add_to_cart")));
        Assert.Equal((200.0, 40.0), (traffic.Stable.Answers, traffic.Stable.ConversionsOf("add_to_cart")));
        Assert.Equal(0, traffic.Canary.ConversionsOf("purchase"));
    }

    [Fact]
    public void P99_ComesFromTheIntervalsBucketDeltas_NotTheLifetimeHistogram()
    {
        // 1000 fast requests before the interval; in it, 100 requests of 300 ms.
        var start = Scrape(0, ("canary-1", new Exposition().Requests(Canary, 0, (1000, 0.002))));
        var end = Scrape(30, ("canary-1", new Exposition().Requests(Canary, 0, (1000, 0.002), (100, 0.3))));

        var traffic = TrafficDeltas.Between(start, end, Exposition.Model, Canary, Stable);

        Assert.Equal(100.0, traffic.Canary.Requests);
        Assert.InRange(traffic.Canary.P99!.Value, 0.256, 0.512);
    }
}
