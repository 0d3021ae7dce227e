using System.Globalization;
using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Rollout.Analysis;

/// <summary>
/// One interval judged: each configured check gives Successful, Failed or Inconclusive, with the canary's value, the
/// stable version's, and why. The interval fails when any check fails, else is inconclusive when any is, else
/// succeeds — so too few requests is never a success. The conversion check reads the running tally, and its
/// too-small sample only counts at the last step (earlier steps advance on the request checks while the sample grows). Pure.
/// </summary>
public static class IntervalChecks
{
    public const string Requests = "requests";
    public const string SuccessRate = "success-rate";
    public const string LatencyP99 = "latency-p99";
    public const string Conversion = "conversion";

    public static AnalysisCheck Judge(AnalysisSettings settings, IntervalTraffic traffic, ConversionTally? tally, bool lastStep, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(traffic);
        var canary = traffic.Canary;
        var stable = traffic.Stable;
        var enough = canary.Requests >= settings.MinRequests;
        var tooFew = Invariant($"{canary.Requests:0} canary requests, fewer than minRequests {settings.MinRequests}");
        var metrics = new List<MetricValue>
        {
            new()
            {
                Name = Requests, Value = canary.Requests, Stable = stable.Requests,
                Result = enough ? CheckResults.Successful : CheckResults.Inconclusive,
                Message = enough ? null : tooFew,
            },
        };

        if (settings.MinSuccessRate is { } minRate)
        {
            var rate = canary.SuccessRate;
            metrics.Add(new MetricValue
            {
                Name = SuccessRate, Value = Round(rate), Stable = Round(stable.SuccessRate),
                Result = !enough ? CheckResults.Inconclusive : rate >= minRate ? CheckResults.Successful : CheckResults.Failed,
                Message = !enough ? tooFew : Invariant($"{canary.Errors:0} of {canary.Requests:0} canary requests answered 5xx: success rate {rate * 100:0.00}% (at least {minRate * 100:0.00}%)"),
            });
        }

        if (settings.MaxP99Seconds is not null || settings.MaxP99RatioToStable is not null)
        {
            metrics.Add(Latency(settings, canary, stable, enough, tooFew));
        }

        if (settings.Conversion is { } conversion && tally is not null)
        {
            var verdict = ConversionTest.Evaluate(tally.CanaryAnswers, tally.CanaryConversions, tally.StableAnswers, tally.StableConversions, conversion.Confidence, conversion.MinSample);
            metrics.Add(new MetricValue
            {
                Name = Conversion, Value = Round(verdict.CanaryRate), Stable = Round(verdict.StableRate),
                Result = !verdict.Conclusive ? CheckResults.Inconclusive : verdict.Worse ? CheckResults.Failed : CheckResults.Successful,
                Message = $"{conversion.Kind} per answer: {verdict.Message}",
            });
        }

        var counted = metrics.Where(m => m.Name != Conversion || m.Result != CheckResults.Inconclusive || lastStep).ToList();
        // A failure among the requests measured is real even when a target could not be read; a success is not.
        var result = counted.Any(m => m.Result == CheckResults.Failed) ? CheckResults.Failed
            : traffic.Problems.Count > 0 || counted.Any(m => m.Result == CheckResults.Inconclusive) ? CheckResults.Inconclusive
            : CheckResults.Successful;

        return new AnalysisCheck { Time = now, Seconds = Math.Round(traffic.Length.TotalSeconds, 1), Result = result, Metrics = metrics };
    }

    /// <summary>Why the interval got its result: the failing (or inconclusive) checks' messages, and any scrape problems.</summary>
    public static string Explain(AnalysisCheck check, IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(check);
        var reasons = check.Metrics.Where(m => m.Result == check.Result && m.Message is not null).Select(m => $"{m.Name}: {m.Message}").Concat(problems).ToList();
        return reasons.Count == 0 ? "every check passed" : string.Join("; ", reasons);
    }

    private static MetricValue Latency(AnalysisSettings settings, VersionTraffic canary, VersionTraffic stable, bool enough, string tooFew)
    {
        var p99 = canary.P99;
        var stableP99 = stable.P99;
        var value = new MetricValue { Name = LatencyP99, Value = Round(p99), Stable = Round(stableP99) };
        if (!enough || p99 is null)
        {
            value.Result = CheckResults.Inconclusive;
            value.Message = tooFew;
            return value;
        }

        var problems = new List<string>();
        var inconclusive = false;
        if (settings.MaxP99Seconds is { } max && p99 > max)
        {
            problems.Add(Invariant($"canary p99 {p99 * 1000:0.#} ms is above maxSeconds {max * 1000:0.#} ms"));
        }

        if (settings.MaxP99RatioToStable is { } ratio)
        {
            if (stable.Requests < settings.MinRequests || stableP99 is null)
            {
                inconclusive = true;
                problems.Add(Invariant($"{stable.Requests:0} stable requests, fewer than minRequests {settings.MinRequests}: no p99 to compare with"));
            }
            else if (p99 > ratio * stableP99)
            {
                problems.Add(Invariant($"canary p99 {p99 * 1000:0.#} ms is more than {ratio:0.##}× the stable p99 {stableP99 * 1000:0.#} ms"));
            }
        }

        var failed = problems.Count > (inconclusive ? 1 : 0);
        value.Result = failed ? CheckResults.Failed : inconclusive ? CheckResults.Inconclusive : CheckResults.Successful;
        value.Message = problems.Count > 0 ? string.Join("; ", problems) : Invariant($"canary p99 {p99 * 1000:0.#} ms, stable {(stableP99 is { } s ? (s * 1000).ToString("0.#", CultureInfo.InvariantCulture) + " ms" : "none")}");
        return value;
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 6) : null;

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);
}
