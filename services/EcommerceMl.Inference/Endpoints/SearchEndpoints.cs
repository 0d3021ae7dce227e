using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Json;
using EcommerceMl.Inference.Observability;
using EcommerceMl.Ml.Search;
using Microsoft.AspNetCore.Http.HttpResults;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>Product search (<c>GET /v1/search</c>) and completions of a half-typed query (<c>GET /v1/search/suggest</c>).</summary>
internal static class SearchEndpoints
{
    public const int DefaultLimit = 20;

    public const int DefaultSuggestions = 10;

    public static RouteGroupBuilder MapSearchApi(this RouteGroupBuilder v1)
    {
        v1.MapGet("/search", Search)
            .WithTags("Search")
            .WithName("SearchProducts")
            .WithSummary("Products matching the words of q, most relevant first: name, category, score, the fields matched and the match highlighted; total = how many matched. category keeps one category; a word of 5+ letters the catalogue does not hold is searched as the words one typo away (corrections).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        v1.MapGet("/search/suggest", Suggest)
            .WithTags("Search")
            .WithName("SuggestSearches")
            .WithSummary("Completions of q's last word from the catalogue's words (q=blu → blue, blush), the words before it kept; each with how many products it finds.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return v1;
    }

    internal static Results<JsonBody<SearchResponse>, ValidationProblem, ProblemHttpResult> Search(
        string? q,
        int? limit,
        string? category,
        string? customerId,
        string? model,
        [AsParameters] ServingContext serving)
    {
        var errors = Check(q, limit ?? DefaultLimit, serving);
        errors.CheckNotBlank("category", category);
        errors.CheckLength("category", category, serving.Options.MaxStringLength);
        errors.CheckNotBlank("customerId", customerId);
        errors.CheckLength("customerId", customerId, serving.Options.MaxStringLength);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!serving.TrySelect<ISearchModel>(ModelTask.Search, model, out var entry, out var search, out var problem))
        {
            return problem;
        }

        var started = serving.Start();
        var result = search.Search(new SearchQuery(q!, limit ?? DefaultLimit, category, customerId));
        var items = new SearchResultItem[result.Hits.Count];
        for (var i = 0; i < items.Length; i++)
        {
            var hit = result.Hits[i];
            var highlight = search.Index.Highlight(hit.Document, result.Terms);
            items[i] = new SearchResultItem(
                i + 1, hit.ProductId, hit.Name, hit.Category, Math.Round(hit.Score, 4), SearchFieldOrder.Names(hit.MatchedFields),
                SearchFieldOrder.Name(highlight.Field), highlight.Html);
        }

        serving.Observe(entry, "search", started);
        SearchLog.Searched(serving.Logger, result.Terms.Count, entry.Name, entry.Version!, result.Total, items.Length);
        var corrections = result.Corrections.Select(c => new SearchCorrection(c.Word, c.SearchedAs)).ToList();
        return JsonBody.Ok(
            new SearchResponse(q!, entry.Name, entry.Version!, entry.Manifest!.Algorithm, result.Total, items, corrections),
            InferenceJsonContext.Default.SearchResponse);
    }

    internal static Results<JsonBody<SearchSuggestResponse>, ValidationProblem, ProblemHttpResult> Suggest(
        string? q,
        int? limit,
        string? model,
        [AsParameters] ServingContext serving)
    {
        var errors = Check(q, limit ?? DefaultSuggestions, serving);
        if (errors.Any)
        {
            return errors.ToProblem();
        }

        if (!serving.TrySelect<ISearchModel>(ModelTask.Search, model, out var entry, out var search, out var problem))
        {
            return problem;
        }

        var started = serving.Start();
        var suggestions = search.Suggest(q!, limit ?? DefaultSuggestions);
        serving.Observe(entry, "search_suggest", started);
        SearchLog.Suggested(serving.Logger, suggestions.Count, entry.Name, entry.Version!);
        return JsonBody.Ok(
            new SearchSuggestResponse(q!, entry.Name, entry.Version!, [.. suggestions.Select(s => new SearchSuggestionItem(s.Text, s.Products))]),
            InferenceJsonContext.Default.SearchSuggestResponse);
    }

    private static RequestErrors Check(string? q, int limit, ServingContext serving)
    {
        var errors = new RequestErrors();
        if (SearchQueryRules.Problem("q", q, serving.Options.MaxStringLength) is { } message)
        {
            errors.Add("q", message);
        }

        errors.CheckRange("limit", limit, 1, serving.Options.MaxK);
        return errors;
    }
}
