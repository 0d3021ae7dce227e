using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace EcommerceMl.Operator.Models;

/// <summary>
/// The names of what a Model creates, one per trigger occurrence, so that the same situation always
/// gives the same name and an operator that restarts (or a second reconcile) finds the run instead of
/// starting another: <c>{model}-initial</c> (<c>-{generation}</c> after a spec change); <c>{model}-sched-{yyyyMMddHHmm}</c> (the cron occurrence,
/// UTC; seconds added when the occurrence has them); <c>{model}-drift-{yyyyMMddHHmmss}</c> and
/// <c>{model}-perf-{…}</c> (the monitoring report's checkedAt); <c>{model}-newdata-{version}</c> and
/// <c>{model}-maxage-{version}</c> (the servable version, lower-case); monitoring Jobs
/// <c>{model}-mon-{yyyyMMddHHmmss}</c> (the start of the interval's slot). At most 63 characters
/// (TrainingJob and Job names are DNS-1123 labels); a model name too long for its suffix is cut and
/// gets 5 hex digits of its hash, so two long names never share a run.
/// </summary>
public static class TrainingRunNames
{
    public const int MaxLength = 63;

    /// <summary><c>{model}-initial</c>; after a spec change (a new generation) <c>{model}-initial-{generation}</c>, so a fixed spec gets a new first run.</summary>
    public static string Initial(string model, long? generation = null) =>
        Compose(model, generation is > 1 ? $"initial-{generation.Value.ToString(CultureInfo.InvariantCulture)}" : "initial");

    public static string Scheduled(string model, DateTimeOffset occurrence) =>
        Compose(model, "sched-" + occurrence.UtcDateTime.ToString(occurrence.Second == 0 ? "yyyyMMddHHmm" : "yyyyMMddHHmmss", CultureInfo.InvariantCulture));

    public static string Drift(string model, DateTimeOffset checkedAt) => Compose(model, "drift-" + Stamp(checkedAt));

    public static string Performance(string model, DateTimeOffset checkedAt) => Compose(model, "perf-" + Stamp(checkedAt));

    public static string NewData(string model, string servableVersion) => Compose(model, "newdata-" + servableVersion.ToLowerInvariant());

    public static string MaxAge(string model, string servableVersion) => Compose(model, "maxage-" + servableVersion.ToLowerInvariant());

    public static string Monitoring(string model, DateTimeOffset slot) => Compose(model, "mon-" + Stamp(slot));

    /// <summary><paramref name="model"/>-<paramref name="suffix"/>, cut to <see cref="MaxLength"/> with a hash of the model when it is longer.</summary>
    public static string Compose(string model, string suffix)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentException.ThrowIfNullOrEmpty(suffix);
        var name = $"{model}-{suffix}";
        if (name.Length <= MaxLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(model)))[..5];
        var room = MaxLength - suffix.Length - hash.Length - 2;
        return $"{model[..Math.Max(1, room)].TrimEnd('-')}-{hash}-{suffix}";
    }

    private static string Stamp(DateTimeOffset at) => at.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
}
