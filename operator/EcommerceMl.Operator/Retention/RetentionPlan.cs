namespace EcommerceMl.Operator.Retention;

/// <summary>Why retention keeps a version. Several may hold at once; the first four hold whatever the policy says.</summary>
public enum KeepReason
{
    /// <summary>A ModelDeployment serves it, has it as candidate, keeps it as previous, or pins it.</summary>
    InUse,

    /// <summary>What <c>latest</c> resolves to: a ModelDeployment on <c>latest</c> serves (or is about to serve) it.</summary>
    ServableLatest,

    /// <summary>The newest version: a run may have just published it and nothing has caught up yet.</summary>
    Newest,

    /// <summary>Its manifest cannot be read, so nothing about it can be judged.</summary>
    Unreadable,

    /// <summary>Among the policy's <c>keepLast</c> newest.</summary>
    KeepLast,

    /// <summary>Created within the policy's <c>keepDays</c>.</summary>
    KeepDays,

    /// <summary>No policy is set: retention keeps everything.</summary>
    NoPolicy,
}

/// <summary>A version retention keeps, every reason that keeps it, and who uses it when it is in use.</summary>
public sealed record KeptVersion(string Version, IReadOnlyList<KeepReason> Reasons, string? UsedBy = null)
{
    /// <summary>"in use (ModelDeployment shop/recs: current); the servable latest".</summary>
    public string Why => string.Join("; ", Reasons.Select(r => r switch
    {
        KeepReason.InUse => $"in use ({UsedBy})",
        KeepReason.ServableLatest => "the servable latest",
        KeepReason.Newest => "the newest version",
        KeepReason.Unreadable => "its manifest cannot be read",
        KeepReason.KeepLast => "within keepLast",
        KeepReason.KeepDays => "within keepDays",
        KeepReason.NoPolicy => "no retention policy",
        _ => r.ToString(),
    }));
}

/// <summary>A version retention deletes, and why (which rules did not keep it).</summary>
public sealed record VersionToDelete(string Version, string Why);

/// <summary>What retention decided for one model: the versions to delete (oldest first) and the ones it keeps, with why.</summary>
public sealed record RetentionPlan(string Model, RetentionPolicy Policy, IReadOnlyList<VersionToDelete> Delete, IReadOnlyList<KeptVersion> Keep);
