using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Recommendation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>
/// Recommendations for many customers in one request. The request as a whole is validated (400); each
/// customer then succeeds or carries its own error, so one bad id does not sink the batch.
/// </summary>
internal static class RecommendationBatchEndpoints
{
    public static RouteGroupBuilder MapRecommendationBatchApi(this RouteGroupBuilder v1)
    {
        v1.MapPost("/recommendations:batch", PostBatch)
            .WithTags("Recommendations")
            .WithName("GetRecommendationsBatch")
            .WithSummary("Top-k products for each of customerIds (at most MaxBatchSize), with includeMetadata and minScore as on the single request; per-customer errors in results[i].error.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    internal static Results<Ok<RecommendationsBatchResponse>, ValidationProblem, ProblemHttpResult> PostBatch(
        RecommendationsBatchRequest request,
        [AsParameters] ServingContext serving)
    {
        var errors = new RequestErrors();
        var top = request.K ?? RecommendationEndpoints.DefaultK;
        errors.CheckRange("k", top, 1, serving.Options.MaxK);
        errors.CheckNotBlank("model", request.Model);
        errors.CheckLength("model", request.Model, serving.Options.MaxStringLength);
        RecommendationRanking.CheckMinScore(errors, request.MinScore);
        BatchChecks.CheckSize(errors, "customerIds", request.CustomerIds?.Count, serving.Options.MaxBatchSize);
        CheckAnswerSize(errors, request.CustomerIds?.Count ?? 0, top, serving.Options.MaxAnswerBytes);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!serving.TrySelect<IRecommender>(ModelTask.Recommendation, request.Model, out var entry, out var recommender, out var problem))
        {
            return problem;
        }

        var started = serving.Start();
        var results = request.CustomerIds!.Select((id, i) => One(recommender, id, i, top, request, serving)).ToList();
        serving.Observe(entry, "recommendations_batch", started);
        var failed = results.Count(r => r.Error is not null);
        return TypedResults.Ok(new RecommendationsBatchResponse(
            entry.Name, entry.Version!, entry.Manifest!.Algorithm, results.Count - failed, failed, results));
    }

    /// <summary>
    /// An entry of the answer with metadata (rank, ids, name, category, score, price) takes about 160 bytes; refused
    /// before the model runs when customers × k of them would pass <c>MaxAnswerBytes</c>.
    /// </summary>
    private const int EntryBytes = 160;

    private static void CheckAnswerSize(RequestErrors errors, int customers, int k, long maxAnswerBytes)
    {
        var bytes = (long)customers * k * EntryBytes;
        if (bytes > maxAnswerBytes)
        {
            errors.Add("customerIds", $"{customers} customers × k = {k} would make an answer of about {bytes} bytes, more than MaxAnswerBytes ({maxAnswerBytes}): send fewer customers per request or a smaller k.");
        }
    }

    private static RecommendationsBatchItem One(
        IRecommender recommender, string? customerId, int index, int k, RecommendationsBatchRequest request, ServingContext serving)
    {
        if (string.IsNullOrWhiteSpace(customerId))
        {
            return new(index, customerId, null, null, $"customerIds[{index}] is empty: send a customer id.");
        }

        if (customerId.Length > serving.Options.MaxStringLength)
        {
            return new(index, null, null, null, $"customerIds[{index}] holds {customerId.Length} characters; at most {serving.Options.MaxStringLength} (MaxStringLength) are accepted.");
        }

        try
        {
            var (fallback, items) = RecommendationRanking.For(recommender, customerId, k, request.IncludeMetadata ?? false, request.MinScore);
            return new(index, customerId, fallback, items, null);
        }
        catch (Exception ex)
        {
            // One customer the model cannot answer must not sink the others; the details go to the log only.
            Log.BatchItemFailed(serving.Logger, ex, serving.Http.Request.Path, index);
            return new(index, customerId, null, null, $"The model failed on this customer; quote trace id {serving.Http.TraceIdentifier} when reporting it.");
        }
    }
}

/// <summary>The size check every batch endpoint shares.</summary>
internal static class BatchChecks
{
    public static void CheckSize(RequestErrors errors, string field, int? count, int max)
    {
        if (count is null or 0)
        {
            errors.Add(field, $"{field} is required: a list of 1 to {max} items.");
        }
        else if (count > max)
        {
            errors.Add(field, $"{field} holds {count} items; at most {max} are accepted per request. Send smaller batches.");
        }
    }
}
