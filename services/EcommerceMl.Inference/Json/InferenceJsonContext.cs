using System.Text.Json;
using System.Text.Json.Serialization;
using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.OpenInference;

namespace EcommerceMl.Inference.Json;

/// <summary>
/// Source-generated JSON for the hot endpoints' requests and answers (web defaults: camelCase, enums as
/// strings): no reflection and no metadata building per type at run time. Registered first in the minimal
/// API's resolver chain, so bodies bind through it too; types not listed here fall back to reflection.
/// The V2 tensors' <c>data</c> is an <c>object</c>, so its runtime array types are listed as well.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RecommendationsResponse))]
[JsonSerializable(typeof(SimilarProductsResponse))]
[JsonSerializable(typeof(ChurnRequest))]
[JsonSerializable(typeof(SearchResponse))]
[JsonSerializable(typeof(SearchSuggestResponse))]
[JsonSerializable(typeof(ChurnResponse))]
[JsonSerializable(typeof(InferenceResponse))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(double[]))]
[JsonSerializable(typeof(float[]))]
internal sealed partial class InferenceJsonContext : JsonSerializerContext;
