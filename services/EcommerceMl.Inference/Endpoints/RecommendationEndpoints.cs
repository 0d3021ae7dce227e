using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Json;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Recommendation;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>Recommendations for a customer and products similar to a product.</summary>
internal static class RecommendationEndpoints
{
    public const int DefaultK = 10;

    public static RouteGroupBuilder MapRecommendationsApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/recommendations/{customerId}", GetRecommendations)
            .WithTags("Recommendations")
            .WithName("GetRecommendations")
            .WithSummary("Top-k products for a customer, best first; unknown customers get the popularity ranking (fallback = popularity). includeMetadata=true adds each product's price; minScore drops products scoring below it.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        v1.MapGet("/products/{productId}/similar", GetSimilar)
            .WithTags("Recommendations")
            .WithName("GetSimilarProducts")
            .WithSummary("Top-k products bought together with a product, with how many customers bought both.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    internal static Results<JsonBody<RecommendationsResponse>, JsonBytes, ValidationProblem, ProblemHttpResult> GetRecommendations(
        string customerId,
        int? k,
        string? model,
        bool? includeMetadata,
        double? minScore,
        [AsParameters] ServingContext serving)
    {
        var errors = new RequestErrors();
        var top = k ?? DefaultK;
        errors.CheckRange("k", top, 1, serving.Options.MaxK);
        errors.CheckNotBlank("customerId", customerId);
        RecommendationRanking.CheckMinScore(errors, minScore);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!serving.TrySelect<IRecommender>(ModelTask.Recommendation, model, out var entry, out var recommender, out var problem))
        {
            return problem;
        }

        var started = serving.Start();
        // The default shape's body depends only on the version and the customer, so it is built once.
        var cacheable = top == DefaultK && includeMetadata is not true && minScore is null && serving.Answers.Enabled;
        if (cacheable && serving.Answers.Find(entry, AnswerKind.Recommendations, customerId) is { } cached)
        {
            serving.Observe(entry, "recommendations", started);
            serving.Metrics.CountRecommendationAnswer(entry);
            Log.Recommended(serving.Logger, customerId, entry.Name, entry.Version!, cached.Count, cached.Fallback);
            return new JsonBytes(cached.Body);
        }

        var (fallback, items) = RecommendationRanking.For(recommender, customerId, top, includeMetadata ?? false, minScore);
        serving.Observe(entry, "recommendations", started);
        // Every answer carries its recommendationId: the denominator of the version's conversion rate.
        serving.Metrics.CountRecommendationAnswer(entry);

        Log.Recommended(serving.Logger, customerId, entry.Name, entry.Version!, items.Count, fallback);
        var response = new RecommendationsResponse(customerId, entry.Name, entry.Version!, entry.Manifest!.Algorithm, fallback, items)
        {
            RecommendationId = EcommerceMl.Contracts.Events.RecommendationIds.For(entry.Name, entry.Version!, customerId),
        };
        // Only known customers: an unknown id's fallback answer is cheap and ids a client invents must not fill the cache.
        if (cacheable && fallback is null)
        {
            var body = JsonBuffers.ToArray(response, InferenceJsonContext.Default.RecommendationsResponse);
            serving.Answers.TryAdd(entry, AnswerKind.Recommendations, customerId, new CachedAnswer(body, items.Count, fallback));
            return new JsonBytes(body);
        }

        return JsonBody.Ok(response, InferenceJsonContext.Default.RecommendationsResponse);
    }

    internal static Results<JsonBody<SimilarProductsResponse>, JsonBytes, ValidationProblem, ProblemHttpResult> GetSimilar(
        string productId,
        int? k,
        string? model,
        [AsParameters] ServingContext serving)
    {
        var errors = new RequestErrors();
        var top = k ?? DefaultK;
        errors.CheckRange("k", top, 1, serving.Options.MaxK);
        errors.CheckNotBlank("productId", productId);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!serving.TrySelect<IRecommender>(ModelTask.Recommendation, model, out var entry, out var recommender, out var problem))
        {
            return problem;
        }

        var started = serving.Start();
        var cacheable = top == DefaultK && serving.Answers.Enabled;
        if (cacheable && serving.Answers.Find(entry, AnswerKind.Similar, productId) is { } cached)
        {
            serving.Observe(entry, "similar", started);
            Log.SimilarListed(serving.Logger, productId, entry.Name, entry.Version!, cached.Count);
            return new JsonBytes(cached.Body);
        }

        var similar = recommender.Similar(productId, top);
        if (similar is null)
        {
            return Problems.NotFound(
                "Unknown product.",
                $"Product '{productId}' is not in the catalogue of model '{entry.Name}' (version {entry.Version}).");
        }

        var items = new SimilarProductItem[similar.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var p = similar[i];
            var product = recommender.FindProduct(p.ProductId);
            items[i] = new SimilarProductItem(i + 1, p.ProductId, product?.Name, product?.Category, p.Score, p.CoBuyers);
        }

        var name = recommender.FindProduct(productId)?.Name;
        serving.Observe(entry, "similar", started);

        Log.SimilarListed(serving.Logger, productId, entry.Name, entry.Version!, items.Length);
        var response = new SimilarProductsResponse(productId, name, entry.Name, entry.Version!, items);
        if (cacheable)
        {
            // Only known products get here (an unknown one is a 404 above), so the catalogue bounds this too.
            var body = JsonBuffers.ToArray(response, InferenceJsonContext.Default.SimilarProductsResponse);
            serving.Answers.TryAdd(entry, AnswerKind.Similar, productId, new CachedAnswer(body, items.Length, null));
            return new JsonBytes(body);
        }

        return JsonBody.Ok(response, InferenceJsonContext.Default.SimilarProductsResponse);
    }
}
