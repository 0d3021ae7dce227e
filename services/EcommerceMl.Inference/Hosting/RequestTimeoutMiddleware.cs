using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Timeouts;

namespace EcommerceMl.Inference.Hosting;

/// <summary>
/// The request timeout of the endpoints marked with <see cref="ClientLimits.TimeoutPolicy"/>: <c>RequestAborted</c>
/// is cancelled <c>RequestTimeout</c> after the request reached this middleware, and a request cancelled by it is
/// answered 504 (its body comes from <c>BodilessErrorMiddleware</c>), as ASP.NET Core's <c>RequestTimeoutsMiddleware</c>
/// did with the same policy.
/// </summary>
/// <remarks>
/// The difference is when the timer is armed: only when something asks for <c>RequestAborted</c>, which is what waits
/// on a client or on asynchronous work. A POST whose whole body came with its headers is read and answered without
/// ever asking, and then costs one small object; the framework's middleware linked a cancellation source, armed its
/// timer, set a feature and ran an async state machine on every request (about 1 µs of the ~17 µs of CPU a churn
/// request takes, bench/inference/README.md).
/// </remarks>
internal sealed class RequestTimeoutMiddleware(RequestDelegate next, TimeSpan timeout, TimeProvider time)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<RequestTimeoutAttribute>() is not { PolicyName: ClientLimits.TimeoutPolicy }
            || context.Features.Get<IHttpRequestLifetimeFeature>() is not { } lifetime)
        {
            return next(context);
        }

        var timed = new TimedLifetime(lifetime, timeout, time);
        context.Features.Set<IHttpRequestLifetimeFeature>(timed);
        Task handled;
        try
        {
            handled = next(context);
        }
        catch (Exception e)
        {
            handled = Task.FromException(e);
        }

        if (handled.IsCompletedSuccessfully)
        {
            Restore(context, lifetime, timed);
            return Task.CompletedTask;
        }

        return AwaitAsync(handled, context, lifetime, timed);
    }

    private static async Task AwaitAsync(Task handled, HttpContext context, IHttpRequestLifetimeFeature lifetime, TimedLifetime timed)
    {
        try
        {
            await handled;
        }
        catch (OperationCanceledException) when (timed.TimedOut && !context.Response.HasStarted)
        {
            context.Response.Clear();
            context.Response.StatusCode = StatusCodes.Status504GatewayTimeout;
        }
        finally
        {
            Restore(context, lifetime, timed);
        }
    }

    private static void Restore(HttpContext context, IHttpRequestLifetimeFeature lifetime, TimedLifetime timed)
    {
        context.Features.Set(lifetime);
        timed.Dispose();
    }

    /// <summary>
    /// The request's lifetime with a token that is also cancelled when the time is up; the token, its timer and its link
    /// to the server's own token are made on first use.
    /// </summary>
    private sealed class TimedLifetime(IHttpRequestLifetimeFeature inner, TimeSpan timeout, TimeProvider time) : IHttpRequestLifetimeFeature, IDisposable
    {
        private readonly long _started = time.GetTimestamp();
        private CancellationTokenSource? _timer;
        private CancellationTokenRegistration _link;
        private CancellationToken? _replaced;

        /// <summary>Whether the time ran out (not the client going away).</summary>
        public bool TimedOut => _timer is { IsCancellationRequested: true } && !inner.RequestAborted.IsCancellationRequested;

        public CancellationToken RequestAborted
        {
            get => _replaced ?? Timed();
            set => _replaced = value;
        }

        public void Abort() => inner.Abort();

        public void Dispose()
        {
            if (_timer is not null)
            {
                _link.Dispose();
                _timer.Dispose();
            }
        }

        private CancellationToken Timed()
        {
            if (Volatile.Read(ref _timer) is { } made)
            {
                return made.Token;
            }

            // The framework's timeout counted from this middleware too; a token first asked for late gets what is left.
            var left = timeout - time.GetElapsedTime(_started);
            var timer = new CancellationTokenSource(left > TimeSpan.Zero ? left : TimeSpan.Zero, time);
            if (Interlocked.CompareExchange(ref _timer, timer, null) is { } first)
            {
                timer.Dispose();
                return first.Token;
            }

            // Linked to the server's own token, so a client going away cancels it as before.
            _link = inner.RequestAborted.UnsafeRegister(static state => ((CancellationTokenSource)state!).Cancel(), timer);
            return timer.Token;
        }
    }
}
