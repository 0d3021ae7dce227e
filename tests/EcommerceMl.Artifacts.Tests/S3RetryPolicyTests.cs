using System.Net;

namespace EcommerceMl.Artifacts.Tests;

public sealed class S3RetryPolicyTests
{
    private static readonly S3RetryPolicy Policy = new(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(1));

    [Fact]
    public void DelayAfter_DoublesFromTheBase_UpToTheCap_ScaledByTheDraw()
    {
        Assert.Equal(
            [200.0, 400, 800, 1000, 1000],
            Enumerable.Range(1, 5).Select(attempt => Math.Round(Policy.DelayAfter(attempt, draw: 0.999999).TotalMilliseconds)));
        Assert.Equal(TimeSpan.Zero, Policy.DelayAfter(3, draw: 0));
        Assert.Equal(TimeSpan.FromMilliseconds(400), Policy.DelayAfter(3, draw: 0.5));
    }

    [Fact]
    public void DelayAfter_StaysBoundedForAnyAttempt()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Policy.DelayAfter(10_000, draw: 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Policy.DelayAfter(0, draw: 0.5));
    }

    [Theory]
    [InlineData(HttpStatusCode.InternalServerError, true)]
    [InlineData(HttpStatusCode.BadGateway, true)]
    [InlineData(HttpStatusCode.ServiceUnavailable, true)]
    [InlineData(HttpStatusCode.GatewayTimeout, true)]
    [InlineData(HttpStatusCode.NotFound, false)]
    [InlineData(HttpStatusCode.Forbidden, false)]
    [InlineData(HttpStatusCode.PreconditionFailed, false)]
    [InlineData(HttpStatusCode.NotImplemented, false)]
    public void IsTransient_IsWhatS3SaysToRetry(HttpStatusCode status, bool transient) => Assert.Equal(transient, S3RetryPolicy.IsTransient(status));
}
