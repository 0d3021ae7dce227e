using System.Globalization;
using System.Text.Json;
using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Endpoints;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.Options;
using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Search;

namespace EcommerceMl.Inference;

/// <summary>
/// curl command lines that work against this server as loaded: every id in them comes from a loaded
/// model (a customer it knows, a product it recommends, a category it forecasts), so `ecml serve` can
/// print them at start-up and each answers 200 with real content. A forecast model too old to forecast from today
/// (<see cref="InferenceOptions.MaxForecastGapDays"/>) gets a <c>start</c> the day after its data, so it still answers.
/// </summary>
public static class ExampleRequests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public static IReadOnlyList<string> Build(ModelRegistry registry, string baseUrl, InferenceOptions? options = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(baseUrl);
        var root = baseUrl.TrimEnd('/');
        var loaded = registry.Models.Where(e => e.Status == ModelStatus.Loaded).ToList();
        var lines = new List<string> { $"curl -s {Quote(root + "/readyz")}", $"curl -s {Quote(root + "/v1/models")}" };

        foreach (var entry in loaded)
        {
            // Name the model only when the server holds several of its task; otherwise the request stays minimal.
            var named = loaded.Count(e => e.Task == entry.Task) > 1 ? entry.Name : null;
            lines.AddRange(entry.Model switch
            {
                IRecommender recommender => ForRecommender(root, recommender, named),
                IForecaster forecaster => ForForecaster(root, forecaster, named, StartFor(forecaster, options ?? new InferenceOptions(), time ?? TimeProvider.System)),
                IChurnModel churn => ForChurn(root, churn, named),
                ISearchModel search => ForSearch(root, search, named),
                _ => [],
            });
        }

        return lines;
    }

    private static IEnumerable<string> ForRecommender(string root, IRecommender recommender, string? model)
    {
        var query = model is null ? "?k=5" : $"?k=5&model={Uri.EscapeDataString(model)}";
        var customer = recommender.SampleCustomers(1).FirstOrDefault();
        if (customer is not null)
        {
            yield return $"curl -s {Quote($"{root}/v1/recommendations/{Uri.EscapeDataString(customer)}{query}")}";
        }

        // A product the model itself puts forward, so its neighbourhood is not empty.
        var product = customer is null ? null : recommender.Recommend(customer, 1).FirstOrDefault()?.ProductId;
        if (product is not null)
        {
            yield return $"curl -s {Quote($"{root}/v1/products/{Uri.EscapeDataString(product)}/similar{query}")}";
        }
    }

    /// <summary>A search for the first product's first two words, and a completion of its first word's first letters.</summary>
    private static IEnumerable<string> ForSearch(string root, ISearchModel search, string? model)
    {
        var words = search.Index.Count == 0 ? [] : SearchText.Tokenize(search.Index.Documents[0].Name).Select(t => t.Word).Take(2).ToList();
        if (words.Count == 0)
        {
            yield break;
        }

        var named = model is null ? "" : $"&model={Uri.EscapeDataString(model)}";
        yield return $"curl -s {Quote($"{root}/v1/search?q={Uri.EscapeDataString(string.Join(' ', words))}&limit=5{named}")}";
        yield return $"curl -s {Quote($"{root}/v1/search/suggest?q={Uri.EscapeDataString(words[0][..Math.Min(3, words[0].Length)])}{named}")}";
    }

    /// <summary>Null (today) when the model may forecast from today; else the day after its data.</summary>
    private static DateOnly? StartFor(IForecaster forecaster, InferenceOptions options, TimeProvider time) =>
        ForecastStart.Of(options, time).Resolve(forecaster, null, 30).Window is null ? forecaster.LastObservedDate.AddDays(1) : null;

    private static IEnumerable<string> ForForecaster(string root, IForecaster forecaster, string? model, DateOnly? start)
    {
        yield return Post(root, "/v1/forecast", new ForecastRequest(14, Model: model, Start: start));
        const string prefix = "category:";
        var category = forecaster.Scopes.FirstOrDefault(s => s.StartsWith(prefix, StringComparison.Ordinal));
        if (category is not null)
        {
            yield return Post(root, "/v1/forecast", new ForecastRequest(30, Category: category[prefix.Length..], Level: 0.9, Model: model, Start: start));
        }
    }

    private static IEnumerable<string> ForChurn(string root, IChurnModel churn, string? model)
    {
        var customer = churn.SampleCustomers(1).FirstOrDefault();
        if (customer is null)
        {
            yield break;
        }

        yield return Post(root, "/v1/churn", new ChurnRequest(customer, Model: model));
        if (churn.FeaturesOf(customer) is { } f)
        {
            // The same customer's features sent explicitly, as the seed API took them.
            yield return Post(root, "/v1/churn", new ChurnRequest(
                RecencyDays: Math.Round(f.RecencyDays, 2),
                Frequency: Math.Round(f.Frequency, 2),
                AvgMonetary: Math.Round(f.AvgMonetary, 2),
                LoyaltyMember: f.LoyaltyMember,
                DaysSinceJoin: Math.Round(f.TenureDays, 2),
                Model: model));
        }
    }

    private static string Post<T>(string root, string path, T body) =>
        string.Create(CultureInfo.InvariantCulture,
            $"curl -s -X POST {Quote(root + path)} -H 'Content-Type: application/json' -d {Quote(JsonSerializer.Serialize(body, Json))}");

    /// <summary>Single-quotes for POSIX shells: nothing inside is expanded; a quote is closed, escaped and reopened.</summary>
    private static string Quote(string text) => "'" + text.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
