namespace EcommerceMl.Operator.Retention;

/// <summary>
/// How many versions of a model to keep: the <see cref="KeepLast"/> newest and/or those created in the last
/// <see cref="KeepDays"/> days — a version is kept when either keeps it. Neither set: retention is off and
/// nothing is deleted. Versions in use, the servable latest and the newest are kept whatever the policy
/// (<see cref="RetentionPlanner"/>).
/// </summary>
public sealed record RetentionPolicy
{
    public RetentionPolicy(int? keepLast, int? keepDays)
    {
        if (keepLast < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(keepLast), keepLast, $"retention keepLast must be 0 or more; got {keepLast}.");
        }

        if (keepDays < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(keepDays), keepDays, $"retention keepDays must be 0 or more; got {keepDays}.");
        }

        KeepLast = keepLast;
        KeepDays = keepDays;
    }

    /// <summary>Keep this many of the newest readable versions; null: this rule keeps none.</summary>
    public int? KeepLast { get; }

    /// <summary>Keep the versions created at most this many days before now; null: this rule keeps none.</summary>
    public int? KeepDays { get; }

    /// <summary>False when neither rule is set: retention deletes nothing.</summary>
    public bool IsSet => KeepLast is not null || KeepDays is not null;

    /// <summary>"keep the last 10 versions or 30 days".</summary>
    public string Describe() => (KeepLast, KeepDays) switch
    {
        (null, null) => "no retention policy",
        ({ } n, null) => $"keep the last {n} version(s)",
        (null, { } d) => $"keep {d} day(s)",
        ({ } n, { } d) => $"keep the last {n} version(s) or {d} day(s)",
    };
}
