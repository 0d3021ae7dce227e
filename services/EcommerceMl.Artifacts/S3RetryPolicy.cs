using System.Net;

namespace EcommerceMl.Artifacts;

/// <summary>
/// Which S3 answers are worth asking again, how many times, and how long to wait between asks. S3 documents 500
/// InternalError and 503 SlowDown (and the 502/504 of a proxy in front of it) as transient: "retry the request",
/// with exponential backoff. The wait is capped and fully jittered (a uniform draw up to the exponential bound), so
/// writers that failed together do not come back together. Pure: the draw is the caller's.
/// </summary>
internal sealed record S3RetryPolicy(int MaxAttempts, TimeSpan BaseDelay, TimeSpan MaxDelay)
{
    /// <summary>Five attempts, at most 0.2 + 0.4 + 0.8 + 1.6 s apart: a few seconds, within what a trainer or a reconcile waits anyway.</summary>
    public static S3RetryPolicy Default { get; } = new(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5));

    public static bool IsTransient(HttpStatusCode status) =>
        status is HttpStatusCode.InternalServerError or HttpStatusCode.BadGateway or HttpStatusCode.ServiceUnavailable or HttpStatusCode.GatewayTimeout;

    /// <summary>The wait after failed attempt <paramref name="attempt"/> (1 for the first), given a uniform <paramref name="draw"/> in [0, 1).</summary>
    public TimeSpan DelayAfter(int attempt, double draw)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var bound = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, attempt - 1));
        return TimeSpan.FromMilliseconds(bound * Math.Clamp(draw, 0, 1));
    }
}
