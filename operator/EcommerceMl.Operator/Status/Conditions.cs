using k8s.Models;

namespace EcommerceMl.Operator.Status;

/// <summary>Values of a condition's <c>status</c>.</summary>
public static class ConditionStatus
{
    public const string True = "True";
    public const string False = "False";
    public const string Unknown = "Unknown";

    public static string Of(bool value) => value ? True : False;
}

/// <summary>
/// Setting conditions the way the API conventions ask: one entry per type, and
/// <c>lastTransitionTime</c> moves only when the status flips (a new reason or message alone
/// does not move it), so "how long has it been failing" stays answerable.
/// </summary>
public static class Conditions
{
    public static V1Condition? Find(IEnumerable<V1Condition>? conditions, string type) =>
        conditions?.FirstOrDefault(c => c.Type == type);

    public static bool IsTrue(IEnumerable<V1Condition>? conditions, string type) =>
        Find(conditions, type)?.Status == ConditionStatus.True;

    /// <summary>Sets <paramref name="type"/> in place; returns true when anything changed.</summary>
    public static bool Set(
        IList<V1Condition> conditions, string type, string status, string reason, string message, long? observedGeneration, TimeProvider time) =>
        Set(conditions, type, status, reason, message, observedGeneration, ApiTime.Now(time));

    /// <summary>Sets <paramref name="type"/> in place at <paramref name="now"/> (for pure code that is handed the time); returns true when anything changed.</summary>
    public static bool Set(
        IList<V1Condition> conditions, string type, string status, string reason, string message, long? observedGeneration, DateTime now)
    {
        ArgumentNullException.ThrowIfNull(conditions);
        var existing = Find(conditions, type);
        if (existing is null)
        {
            conditions.Add(new V1Condition
            {
                Type = type,
                Status = status,
                Reason = reason,
                Message = message,
                ObservedGeneration = observedGeneration,
                LastTransitionTime = ApiTime.WholeSeconds(now),
            });
            return true;
        }

        var changed = false;
        if (existing.Status != status)
        {
            existing.Status = status;
            existing.LastTransitionTime = ApiTime.WholeSeconds(now);
            changed = true;
        }

        if (existing.Reason != reason || existing.Message != message || existing.ObservedGeneration != observedGeneration)
        {
            existing.Reason = reason;
            existing.Message = message;
            existing.ObservedGeneration = observedGeneration;
            changed = true;
        }

        return changed;
    }

    /// <summary>A deep copy, so a status computed from the current one never edits the object read from the cluster.</summary>
    public static List<V1Condition> Copy(IEnumerable<V1Condition>? conditions) =>
        [.. (conditions ?? []).Select(c => new V1Condition
        {
            Type = c.Type,
            Status = c.Status,
            Reason = c.Reason,
            Message = c.Message,
            ObservedGeneration = c.ObservedGeneration,
            LastTransitionTime = c.LastTransitionTime,
        })];
}
