using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// A Model's batch outputs: after each new servable version, an Indexed Job of the trainer image's
/// <c>batch</c> command writes its predictions — <c>customer_recommendations</c> and
/// <c>product_recommendations</c> (with co_buyers) for a recommender, <c>sales_forecast</c> for a forecaster —
/// one range of customers, products and scopes per shard, into the analysts' PostgreSQL tables or as gzip CSV
/// files under an S3 prefix. A shard run again replaces its rows (its part); the <c>latest_*</c> views (the
/// <c>_LATEST</c> pointer) move to the version when its last shard is written.
/// </summary>
[CelRule(
    "has(self.postgres) != has(self.s3)",
    "spec.outputs needs exactly one target: postgres (the database's tables) or s3 (CSV files under a prefix)")]
[CelRule(
    "!has(self.parallelism) || self.parallelism <= (has(self.shards) ? self.shards : 1)",
    "spec.outputs.parallelism cannot exceed spec.outputs.shards: each Pod writes one shard")]
public sealed class ModelOutputsSpec
{
    public const int DefaultTop = 10;
    public const int DefaultShards = 1;

    [JsonPropertyName("postgres")]
    [Description("The database the output tables are in (migrated by the Job when needed). The connection comes only from a Secret.")]
    public PostgresDataSource? Postgres { get; set; }

    [JsonPropertyName("s3")]
    [Description("Gzip CSV files, one per shard, under {prefix}/{model}/{output}/version={version}/, with a _SUCCESS manifest once every shard is written and a _LATEST pointer readers go through; written with the model store's S3 endpoint and credentials.")]
    public CsvOutputsTarget? S3 { get; set; }

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

/// <summary>Where the CSV form of the batch outputs goes: an S3 prefix, or a folder inside the model store.</summary>
[CelRule(CsvOutputsTarget.PrefixRule, "spec.outputs.s3.prefix inside the model store cannot be its models or events folder, nor hold . or .. segments")]
public sealed class CsvOutputsTarget
{
    public const string PrefixPattern = "^(s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/[A-Za-z0-9._-]+)*|[A-Za-z0-9._-]+(/[A-Za-z0-9._-]+)*)/?$";
    public const string PrefixRule = "!self.prefix.matches('^(models|events)(/|$)') && !self.prefix.matches('(^|/)[.][.]?(/|$)')";

    [JsonPropertyName("prefix")]
    [Description("s3://bucket/path (the model store's S3 server and credentials), or a path inside the model store such as outputs — its bucket and prefix, or in local mode its folder.")]
    [Required]
    [StringLength(1024, MinimumLength = 1)]
    [RegularExpression(PrefixPattern)]
    public string Prefix { get; set; } = "";
}
