using System.Globalization;
using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Rollout.Analysis;

/// <summary>The conversion check's settings, defaults applied.</summary>
public sealed record ConversionSettings(string Kind, double Confidence, long MinSample);

/// <summary><c>rollout.analysis</c> with its defaults applied and its durations parsed.</summary>
public sealed record AnalysisSettings(
    TimeSpan Interval,
    IReadOnlyList<int> Steps,
    TimeSpan Bake,
    int FailureLimit,
    int InconclusiveLimit,
    bool RollBackWhenInconclusive,
    int MinRequests,
    double? MinSuccessRate,
    double? MaxP99Seconds,
    double? MaxP99RatioToStable,
    ConversionSettings? Conversion)
{
    /// <summary>
    /// The settings of <paramref name="rollout"/>'s analysis: null without one (or with a rolling update); else the
    /// settings, or the first problem the schema cannot express (steps out of order, a zero interval), naming the field.
    /// </summary>
    public static (AnalysisSettings? Settings, string? Error) From(RolloutSpec? rollout)
    {
        if (rollout?.Analysis is not { } analysis || rollout.Strategy != RolloutSpec.Canary)
        {
            return (null, null);
        }

        var (interval, intervalError) = Durations.ParseAtLeast(analysis.Interval ?? RolloutAnalysisSpec.DefaultInterval, "rollout.analysis.interval", TimeSpan.FromSeconds(1));
        if (intervalError is not null)
        {
            return (null, intervalError);
        }

        var (bake, bakeError) = Durations.Parse(analysis.BakeTime, "rollout.analysis.bakeTime");
        if (bakeError is not null)
        {
            return (null, bakeError);
        }

        IReadOnlyList<int> steps = analysis.Steps is { Count: > 0 } given ? [.. given] : [rollout.CanaryTrafficPercent ?? RolloutSpec.DefaultCanaryTrafficPercent];
        for (var i = 0; i < steps.Count; i++)
        {
            if (steps[i] is < 1 or > 100 || (i > 0 && steps[i] <= steps[i - 1]))
            {
                return (null, string.Create(CultureInfo.InvariantCulture,
                    $"rollout.analysis.steps [{string.Join(", ", steps)}] must increase, each a percentage from 1 to 100 (step {i + 1} is {steps[i]})."));
            }
        }

        var metrics = analysis.Metrics ?? new AnalysisMetricsSpec();
        var conversion = metrics.Conversion is { } c
            ? new ConversionSettings(c.Kind ?? Contracts.Events.EventSchema.Purchase, c.Confidence ?? ConversionCheckSpec.DefaultConfidence, c.MinSample ?? ConversionCheckSpec.DefaultMinSample)
            : null;
        return (new AnalysisSettings(
            interval!.Value,
            steps,
            bake ?? interval.Value,
            analysis.FailureLimit ?? RolloutAnalysisSpec.DefaultFailureLimit,
            analysis.InconclusiveLimit ?? RolloutAnalysisSpec.DefaultInconclusiveLimit,
            analysis.OnInconclusive == RolloutAnalysisSpec.RollBack,
            metrics.MinRequests ?? AnalysisMetricsSpec.DefaultMinRequests,
            metrics.SuccessRate ?? AnalysisMetricsSpec.DefaultMinSuccessRate,
            metrics.LatencyP99?.MaxSeconds,
            metrics.LatencyP99?.MaxRatioToStable,
            conversion), null);
    }
}
