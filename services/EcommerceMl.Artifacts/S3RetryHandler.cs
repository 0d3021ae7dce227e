namespace EcommerceMl.Artifacts;

/// <summary>
/// The S3 client's HTTP pipeline step that sends a request again when the server answered a transient error
/// (<see cref="S3RetryPolicy.IsTransient"/>) or the connection failed before an answer, after the policy's wait.
/// It sits under the Minio client (which retries nothing by default), so every call of the store, the event sink and
/// the batch outputs gets it, and the Minio client only ever sees the last answer: an error body is never written into
/// a download. Minio sends every body from memory (the whole object, or one part of a multipart upload), so a
/// request can be sent again as it was.
/// A PUT is safe to repeat (it replaces the object whole); a create-only PUT that was applied before its answer was
/// lost comes back 412 and is settled by reading the object back (<see cref="S3ModelStore"/>).
/// </summary>
internal sealed class S3RetryHandler(S3RetryPolicy policy, TimeProvider time) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            HttpResponseMessage response;
            try
            {
                response = await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
            }
            catch (HttpRequestException) when (attempt < policy.MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                await WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
                continue;
            }

            if (attempt >= policy.MaxAttempts || !S3RetryPolicy.IsTransient(response.StatusCode))
            {
                return response;
            }

            response.Dispose();
            await WaitAsync(attempt, cancellationToken).ConfigureAwait(false);
        }
    }

    private Task WaitAsync(int attempt, CancellationToken cancellationToken) =>
        Task.Delay(policy.DelayAfter(attempt, Random.Shared.NextDouble()), time, cancellationToken);
}
