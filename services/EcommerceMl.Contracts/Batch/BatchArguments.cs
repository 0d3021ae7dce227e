namespace EcommerceMl.Contracts.Batch;

/// <summary>
/// The batch command's options (<c>batch</c> of the trainer image, which a Model's outputs Job runs, and
/// <c>ecml predict batch</c>) with the variable each falls back to. Options it shares with the trainer use
/// the trainer's variables; the shard index is the one Kubernetes gives every Pod of an Indexed Job.
/// </summary>
public static class BatchArguments
{
    /// <summary>The trainer image's subcommand an outputs Job runs.</summary>
    public const string Command = "batch";

    public static TrainerArgument Model { get; } = new("--model", TrainerVariables.Model);
    public static TrainerArgument Store { get; } = new("--store", TrainerVariables.Store);

    /// <summary>The version to write; default the servable latest.</summary>
    public static TrainerArgument Version { get; } = new("--version", "ECML_BATCH_VERSION");

    /// <summary>The database of the output tables: a postgres:// URL or an Npgsql connection string (in a Pod, from a Secret).</summary>
    public static TrainerArgument Database { get; } = new("--db", DatabaseVariable);

    /// <summary>The variable <see cref="Database"/> falls back to (every <c>ecml db</c> command reads it too).</summary>
    public const string DatabaseVariable = "ECML_DB";

    /// <summary>
    /// CSV files under a prefix instead of the database (<see cref="BatchCsvLayout"/>): <c>s3://bucket/path</c>, an
    /// absolute folder, or a path relative to the model store (its folder, or its bucket and prefix).
    /// </summary>
    public static TrainerArgument CsvPrefix { get; } = new("--csv-prefix", "ECML_BATCH_CSV_PREFIX");

    /// <summary>Recommendation: recommended products per customer and similar products per product.</summary>
    public static TrainerArgument Top { get; } = new("--top", "ECML_BATCH_TOP");

    /// <summary>Forecast: days ahead.</summary>
    public static TrainerArgument Horizon { get; } = new("--horizon", "ECML_BATCH_HORIZON");

    /// <summary>Forecast: the prediction interval's level.</summary>
    public static TrainerArgument Level { get; } = new("--level", "ECML_BATCH_LEVEL");

    /// <summary>Forecast: the shop's time zone (IANA id) that says which day today is.</summary>
    public static TrainerArgument TimeZone { get; } = new("--time-zone", "ECML_BATCH_TIME_ZONE");

    /// <summary>How many shards the work is cut into (ranges of customers, products and forecast scopes); default 1.</summary>
    public static TrainerArgument Shards { get; } = new("--shards", "ECML_BATCH_SHARDS");

    /// <summary>The shard this run writes, 0-based: an Indexed Job's completion index.</summary>
    public static TrainerArgument Shard { get; } = new("--shard", JobCompletionIndex);

    /// <summary>Set by Kubernetes in every container of an Indexed Job (and by local mode's Job runner): the Pod's index.</summary>
    public const string JobCompletionIndex = "JOB_COMPLETION_INDEX";

    public static IReadOnlyList<TrainerArgument> All { get; } =
        [Model, Store, Version, Database, CsvPrefix, Top, Horizon, Level, TimeZone, Shards, Shard];
}

/// <summary>
/// The names of the batch outputs: the PostgreSQL tables, also the output names of the completion records a
/// version's outputs become visible through.
/// </summary>
public static class BatchOutputs
{
    /// <summary>Top-N products per customer the model knows: customer_id, rank, recommended_product_id, score.</summary>
    public const string CustomerRecommendations = "customer_recommendations";

    /// <summary>Top-N similar products per product with co_buyers (seed 000's table).</summary>
    public const string ProductRecommendations = "product_recommendations";

    /// <summary>Daily forecast per scope (seed 000's table).</summary>
    public const string SalesForecast = "sales_forecast";
}
