using System.ComponentModel;
using System.Text.Json.Serialization;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// <c>status.analysis</c>: where the canary analysis of one candidate stands. The planner never edits one in place;
/// each decision writes a new object, so a status copy can share it.
/// </summary>
public sealed class CanaryAnalysisStatus
{
    [JsonPropertyName("version")]
    [Description("The candidate this analysis judges (a new candidate starts a new analysis).")]
    public string Version { get; set; } = "";

    [JsonPropertyName("phase")]
    [Description("Progressing, Paused, Inconclusive (waiting at inconclusiveLimit), Succeeded, Failed or InvalidSpec.")]
    public string Phase { get; set; } = AnalysisPhases.Progressing;

    [JsonPropertyName("step")]
    [Description("The current step, from 1.")]
    public int Step { get; set; } = 1;

    [JsonPropertyName("steps")]
    [Description("How many steps there are.")]
    public int Steps { get; set; } = 1;

    [JsonPropertyName("canaryWeight")]
    [Description("The current step's share of the replicas, in percent.")]
    public int CanaryWeight { get; set; }

    [JsonPropertyName("stepStartedAt")]
    public DateTime? StepStartedAt { get; set; }

    [JsonPropertyName("successfulChecks")]
    [Description("Successful intervals so far.")]
    public int SuccessfulChecks { get; set; }

    [JsonPropertyName("failedChecks")]
    [Description("Failed intervals so far; failureLimit of them roll back.")]
    public int FailedChecks { get; set; }

    [JsonPropertyName("inconclusiveChecks")]
    [Description("Inconclusive intervals so far.")]
    public int InconclusiveChecks { get; set; }

    [JsonPropertyName("lastCheck")]
    [Description("The last interval measured: when, its result and each metric's value.")]
    public AnalysisCheck? LastCheck { get; set; }

    [JsonPropertyName("conversion")]
    [Description("Recommendation answers and conversions of each version since the canary started (the conversion check's sample).")]
    public ConversionTally? Conversion { get; set; }

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}

/// <summary>One interval's measurement and verdict.</summary>
public sealed class AnalysisCheck
{
    [JsonPropertyName("time")]
    public DateTime? Time { get; set; }

    [JsonPropertyName("seconds")]
    [Description("Length of the interval measured.")]
    public double Seconds { get; set; }

    [JsonPropertyName("result")]
    [Description("Successful, Failed or Inconclusive.")]
    public string Result { get; set; } = "";

    [JsonPropertyName("metrics")]
    public IList<MetricValue> Metrics { get; set; } = [];
}

/// <summary>One metric's last value and what it was compared with.</summary>
public sealed class MetricValue
{
    [JsonPropertyName("name")]
    [Description("requests, success-rate, latency-p99, conversion.")]
    public string Name { get; set; } = "";

    [JsonPropertyName("value")]
    [Description("The canary's value (null: nothing to measure).")]
    public double? Value { get; set; }

    [JsonPropertyName("stable")]
    [Description("The stable version's value in the same interval.")]
    public double? Stable { get; set; }

    [JsonPropertyName("result")]
    [Description("Successful, Failed or Inconclusive.")]
    public string Result { get; set; } = "";

    [JsonPropertyName("message")]
    public string? Message { get; set; }
}

/// <summary>The conversion check's running sample.</summary>
public sealed class ConversionTally
{
    [JsonPropertyName("canaryAnswers")]
    public long CanaryAnswers { get; set; }

    [JsonPropertyName("canaryConversions")]
    public long CanaryConversions { get; set; }

    [JsonPropertyName("stableAnswers")]
    public long StableAnswers { get; set; }

    [JsonPropertyName("stableConversions")]
    public long StableConversions { get; set; }

    [JsonPropertyName("summary")]
    [Description("Each version's conversion rate and counts in one line, for kubectl get -o wide (a printer column cannot compute a rate): canary 3.1% (84/2,701) vs stable 3.4% (92/2,688).")]
    public string? Summary { get; set; }
}

/// <summary>Values of <c>status.analysis.phase</c>.</summary>
public static class AnalysisPhases
{
    public const string Progressing = "Progressing";
    public const string Paused = "Paused";
    public const string Inconclusive = "Inconclusive";
    public const string Succeeded = "Succeeded";
    public const string Failed = "Failed";
    public const string InvalidSpec = "InvalidSpec";
}

/// <summary>Results of an interval and of each metric.</summary>
public static class CheckResults
{
    public const string Successful = "Successful";
    public const string Failed = "Failed";
    public const string Inconclusive = "Inconclusive";
}
