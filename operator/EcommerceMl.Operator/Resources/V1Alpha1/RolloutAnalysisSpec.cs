using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// <c>rollout.analysis</c>: the canary is judged every <see cref="Interval"/> on the requests it answered in that
/// interval (read from the inference Pods' <c>/metrics</c>, or Prometheus), and on the conversions its recommendations
/// earned since it started; it moves through <see cref="Steps"/> (its share of the replicas) and is promoted after
/// the last, or rolled back. Vocabulary after Flagger and Argo Rollouts (interval, failureLimit, inconclusiveLimit).
/// </summary>
[CelRule("!has(self.steps) || self.steps.all(s, s >= 1 && s <= 100)", "rollout.analysis.steps are percentages of the replicas, each from 1 to 100")]
public sealed class RolloutAnalysisSpec
{
    public const string DefaultInterval = "1m";
    public const int DefaultFailureLimit = 2;
    public const int DefaultInconclusiveLimit = 3;
    public const string Wait = "Wait";
    public const string RollBack = "RollBack";

    [JsonPropertyName("interval")]
    [Description("How long each measurement lasts: the checks are run on each interval's requests (days, hours, minutes, seconds: 30s, 1m, 2m30s; at least 1s).")]
    [RegularExpression(NamePatterns.Duration)]
    [StringLength(16, MinimumLength = 2)]
    [DefaultValue(DefaultInterval)]
    public string? Interval { get; set; }

    [JsonPropertyName("steps")]
    [Description("The canary's share of the replicas at each step, increasing (e.g. [10, 25, 50, 100]); a share becomes a replica count, at least one canary Pod and one stable Pod. Default: [canaryTrafficPercent].")]
    [MaxLength(20)]
    public IList<int>? Steps { get; set; }

    [JsonPropertyName("bakeTime")]
    [Description("Least time at each step before it may advance (or, at the last step, promote); the interval that ends it must succeed. Default: one interval.")]
    [RegularExpression(NamePatterns.Duration)]
    [StringLength(16, MinimumLength = 2)]
    public string? BakeTime { get; set; }

    [JsonPropertyName("failureLimit")]
    [Description("Failed intervals, counted over the whole rollout, that roll the canary back.")]
    [Range(1, 100)]
    [DefaultValue(DefaultFailureLimit)]
    public int? FailureLimit { get; set; }

    [JsonPropertyName("inconclusiveLimit")]
    [Description("Inconclusive intervals (too few requests, or too small a conversion sample at the last step), counted over the whole rollout, before onInconclusive applies. An inconclusive interval never advances a step or promotes.")]
    [Range(1, 1000)]
    [DefaultValue(DefaultInconclusiveLimit)]
    public int? InconclusiveLimit { get; set; }

    [JsonPropertyName("onInconclusive")]
    [Description("At inconclusiveLimit: Wait (hold at the step, keep measuring, a Warning Event says so; a later successful interval resumes) or RollBack.")]
    [AllowedValues(Wait, RollBack)]
    [DefaultValue(Wait)]
    public string? OnInconclusive { get; set; }

    [JsonPropertyName("metrics")]
    [Description("The checks and their thresholds.")]
    [DefaultEmptyObject]
    public AnalysisMetricsSpec? Metrics { get; set; }
}

/// <summary>The checks each interval runs on the canary's requests (and, for conversions, on everything since it started).</summary>
public sealed class AnalysisMetricsSpec
{
    public const int DefaultMinRequests = 20;
    public const double DefaultMinSuccessRate = 0.99;

    [JsonPropertyName("minRequests")]
    [Description("Fewest canary requests in an interval for it to count: below, the interval is inconclusive, never a success.")]
    [Range(1, 1_000_000)]
    [DefaultValue(DefaultMinRequests)]
    public int? MinRequests { get; set; }

    [JsonPropertyName("successRate")]
    [Description("Least share of the canary's requests answered without a 5xx, from 0 to 1 (0.99: at most 1 % errors).")]
    [Range(0d, 1d)]
    [DefaultValue(DefaultMinSuccessRate)]
    public double? SuccessRate { get; set; }

    [JsonPropertyName("latencyP99")]
    [Description("The canary's 99th-percentile request duration in the interval (from the duration histogram's buckets).")]
    public LatencyCheckSpec? LatencyP99 { get; set; }

    [JsonPropertyName("conversion")]
    [Description("Recommendations only: the canary's conversion rate (events of a kind attributed to its answers, per answer) must not be worse than the stable version's by a one-sided two-proportion z-test.")]
    public ConversionCheckSpec? Conversion { get; set; }
}

/// <summary>Latency thresholds: an absolute bound, a bound relative to the stable version in the same interval, or both.</summary>
[CelRule("has(self.maxSeconds) || has(self.maxRatioToStable)", "latencyP99 needs maxSeconds, maxRatioToStable or both")]
public sealed class LatencyCheckSpec
{
    [JsonPropertyName("maxSeconds")]
    [Description("Highest canary p99 in seconds.")]
    [Range(0.001, 3600d)]
    public double? MaxSeconds { get; set; }

    [JsonPropertyName("maxRatioToStable")]
    [Description("Highest canary p99 as a multiple of the stable version's p99 in the same interval (1.5: at most 50 % slower); inconclusive when the stable version answered fewer than minRequests.")]
    [Range(1d, 100d)]
    public double? MaxRatioToStable { get; set; }
}

/// <summary>The conversion check: canary not worse than stable at a stated confidence, once both have a minimum sample.</summary>
public sealed class ConversionCheckSpec
{
    public const double DefaultConfidence = 0.95;
    public const int DefaultMinSample = 1000;

    [JsonPropertyName("kind")]
    [Description("What counts as a conversion of a recommendation answer: purchase (default: one order names at most one answer, so purchases per answer are a proportion), add_to_cart or product_view (one answer can lead to several; each answer then counts once at most, so a version whose shoppers add several recommended products is not told from one whose shoppers add one).")]
    [AllowedValues(Contracts.Events.EventSchema.Purchase, Contracts.Events.EventSchema.AddToCart, Contracts.Events.EventSchema.ProductView)]
    [DefaultValue(Contracts.Events.EventSchema.Purchase)]
    public string? Kind { get; set; }

    [JsonPropertyName("confidence")]
    [Description("Confidence of the one-sided test that the canary converts worse (0.95: rolled back when p < 0.05).")]
    [Range(0.5, 0.9999)]
    [DefaultValue(DefaultConfidence)]
    public double? Confidence { get; set; }

    [JsonPropertyName("minSample")]
    [Description("Fewest recommendation answers of each version, since the canary started, before the test is run; until then the check is inconclusive at the last step (earlier steps advance on the request checks).")]
    [Range(10, 100_000_000)]
    [DefaultValue(DefaultMinSample)]
    public int? MinSample { get; set; }
}
