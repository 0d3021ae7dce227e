using System.Globalization;

namespace EcommerceMl.Operator.Retention;

/// <summary>
/// Which versions of a model retention deletes, pure. A version is deleted only when no rule keeps it:
/// it is not in use by any ModelDeployment (served, candidate, previous, pinned), not the servable
/// latest, not the newest version, and neither <c>keepLast</c> (the N newest) nor <c>keepDays</c> (created
/// at most D days before <c>now</c>) keeps it. Without a policy nothing is deleted.
/// </summary>
public static class RetentionPlanner
{
    /// <param name="model">The model the versions belong to.</param>
    /// <param name="versions">The readable versions, in any order (duplicates count once).</param>
    /// <param name="policy">keepLast and/or keepDays.</param>
    /// <param name="inUse">Versions a ModelDeployment uses, each with who uses it (<see cref="VersionsInUse"/>).</param>
    /// <param name="now">The reconcile's time, from the injected clock.</param>
    /// <param name="unreadable">Versions listed but whose manifest cannot be read: always kept.</param>
    public static RetentionPlan Plan(
        string model,
        IEnumerable<ModelManifest> versions,
        RetentionPolicy policy,
        IReadOnlyDictionary<string, string> inUse,
        DateTimeOffset now,
        IEnumerable<string>? unreadable = null)
    {
        ArgumentNullException.ThrowIfNull(versions);
        ArgumentNullException.ThrowIfNull(policy);
        ArgumentNullException.ThrowIfNull(inUse);
        var byAge = versions
            .DistinctBy(m => m.Version, StringComparer.Ordinal)
            .OrderBy(m => m.Version, ModelVersions.Comparer)
            .ToList();
        var servableLatest = ModelVersions.ServableLatest(byAge)?.Version;
        var newest = byAge.Count == 0 ? null : byAge[^1].Version;
        // Index of the oldest version keepLast keeps; past the end when keepLast is not set.
        var oldestByCount = policy.KeepLast is { } keepLast ? byAge.Count - keepLast : int.MaxValue;
        var keepFrom = policy.KeepDays is { } keepDays ? now - TimeSpan.FromDays(keepDays) : (DateTimeOffset?)null;

        var delete = new List<VersionToDelete>();
        var keep = new List<KeptVersion>();
        for (var i = 0; i < byAge.Count; i++)
        {
            var manifest = byAge[i];
            var reasons = new List<KeepReason>();
            var usedBy = inUse.GetValueOrDefault(manifest.Version);
            Add(reasons, KeepReason.InUse, usedBy is not null);
            Add(reasons, KeepReason.ServableLatest, manifest.Version == servableLatest);
            Add(reasons, KeepReason.Newest, manifest.Version == newest);
            Add(reasons, KeepReason.KeepLast, i >= oldestByCount);
            Add(reasons, KeepReason.KeepDays, manifest.CreatedAt >= keepFrom);
            Add(reasons, KeepReason.NoPolicy, !policy.IsSet);
            if (reasons.Count > 0)
            {
                keep.Add(new KeptVersion(manifest.Version, reasons, usedBy));
            }
            else
            {
                delete.Add(new VersionToDelete(manifest.Version, WhyDeleted(manifest, policy, now)));
            }
        }

        keep.AddRange((unreadable ?? [])
            .Except(byAge.Select(m => m.Version), StringComparer.Ordinal)
            .Distinct(StringComparer.Ordinal)
            .Select(v => new KeptVersion(v, [KeepReason.Unreadable], inUse.GetValueOrDefault(v))));
        return new RetentionPlan(model, policy, delete, [.. keep.OrderBy(k => k.Version, ModelVersions.Comparer)]);
    }

    private static void Add(List<KeepReason> reasons, KeepReason reason, bool holds)
    {
        if (holds)
        {
            reasons.Add(reason);
        }
    }

    /// <summary>"older than the 3 newest; created 2026-01-02 (45 days ago), before the 30 days kept; not in use".</summary>
    private static string WhyDeleted(ModelManifest manifest, RetentionPolicy policy, DateTimeOffset now)
    {
        var parts = new List<string>();
        if (policy.KeepLast is { } n)
        {
            parts.Add($"older than the {n} newest");
        }

        if (policy.KeepDays is { } d)
        {
            var age = (int)Math.Floor((now - manifest.CreatedAt).TotalDays);
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"created {manifest.CreatedAt.UtcDateTime:yyyy-MM-dd} ({age} days ago), before the {d} days kept"));
        }

        parts.Add("not in use, not the servable latest, not the newest");
        return string.Join("; ", parts);
    }
}
