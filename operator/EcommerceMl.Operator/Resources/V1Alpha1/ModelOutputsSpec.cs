using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// A Model's batch outputs: after each new servable version, an Indexed Job of the trainer image's
/// <c>batch</c> command writes its predictions into the analysts' PostgreSQL tables —
/// <c>customer_recommendations</c> and <c>product_recommendations</c> (with co_buyers) for a recommender,
/// <c>sales_forecast</c> for a forecaster — one range of customers, products and scopes per shard. A shard
/// run again replaces its rows; the <c>latest_*</c> views move to the version when its last shard commits.
/// </summary>
[CelRule(
    "!has(self.parallelism) || self.parallelism <= (has(self.shards) ? self.shards : 1)",
    "spec.outputs.parallelism cannot exceed spec.outputs.shards: each Pod writes one shard")]
public sealed class ModelOutputsSpec
{
    public const int DefaultTop = 10;
    public const int DefaultShards = 1;

    [JsonPropertyName("postgres")]
    [Description("The database the output tables are in (migrated by the Job when needed). The connection comes only from a Secret.")]
    [Required]
    public PostgresDataSource Postgres { get; set; } = new();

    [JsonPropertyName("top")]
    [Description("Recommendation: products per customer and similar products per product.")]
    [Range(1, 1000)]
    [DefaultValue(DefaultTop)]
    public int? Top { get; set; }

    [JsonPropertyName("horizon")]
    [Description("Forecast: days ahead, from today in timeZone. Default 28.")]
    [Range(1, 366)]
    public int? Horizon { get; set; }

    [JsonPropertyName("level")]
    [Description("Forecast: the prediction interval's level, e.g. 0.8. Default 0.8.")]
    [Range(0.5, 0.999)]
    public double? Level { get; set; }

    [JsonPropertyName("timeZone")]
    [Description("Forecast: the shop's IANA time zone, which says which day today is, e.g. Europe/London. Default UTC.")]
    [StringLength(64, MinimumLength = 1)]
    [RegularExpression(NamePatterns.TimeZone)]
    public string? TimeZone { get; set; }

    [JsonPropertyName("shards")]
    [Description("Ranges the customers, products and scopes are cut into: the Indexed Job's completions, one Pod per shard.")]
    [Range(1, 1000)]
    [DefaultValue(DefaultShards)]
    public int? Shards { get; set; }

    [JsonPropertyName("parallelism")]
    [Description("Shards written at once (at most shards). Default: all of them.")]
    [Range(1, 1000)]
    public int? Parallelism { get; set; }
}
