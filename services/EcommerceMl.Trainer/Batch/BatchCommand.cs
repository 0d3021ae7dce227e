using System.CommandLine;
using System.Globalization;
using EcommerceMl.Artifacts;
using EcommerceMl.Artifacts.Outputs;
using EcommerceMl.Contracts.Batch;
using EcommerceMl.Postgres;

namespace EcommerceMl.Trainer.Batch;

/// <summary>
/// The batch command's options and action: the trainer image's <c>batch</c> subcommand (what each Pod of a
/// Model's outputs Job runs, its shard from <c>JOB_COMPLETION_INDEX</c>) and <c>ecml predict batch</c> are
/// both configured here, from <see cref="BatchArguments"/>; every option falls back to its variable. The
/// target is the database (<c>--db</c>), or CSV files under <c>--csv-prefix</c> (<see cref="CsvBatchTarget"/>).
/// For the database, the schema's missing migrations are applied first (under the migrator's lock, so shards
/// take turns), so an outputs Job works against a database an older version migrated. Exit 0 when the shard is
/// written, 2 on input to fix, 1 on failure (a database or S3 server that is down: the Job retries).
/// </summary>
public static class BatchCommand
{
    public const string Description =
        "Write a model version's batch predictions into PostgreSQL, or as gzip CSV files under --csv-prefix: top-N recommendations per customer and per product (with co_buyers), or the forecast of every scope. "
        + "--shards N --shard I writes the I-th range of customers, products and scopes; a re-run of a shard replaces its rows (its CSV part), and the latest_* views (the _LATEST pointer) show a version once every shard is written.";

    /// <summary>
    /// Adds the options and the action to <paramref name="command"/>. <paramref name="otherTask"/> handles a model
    /// whose task has no database output (ecml's churn CSV); null makes that input to fix.
    /// </summary>
    public static void Configure(Command command, TimeProvider time, Func<ParseResult, StoredModel, CancellationToken, Task<int>>? otherTask = null)
    {
        ArgumentNullException.ThrowIfNull(command);
        ArgumentNullException.ThrowIfNull(time);
        var db = new Option<string?>("--db") { Description = $"postgres://user[:password]@host:port/database or an Npgsql connection string (env {PostgresConnection.EnvironmentVariable})" };
        var model = EnvironmentOptions.Required(BatchArguments.Model, "model name");
        var store = EnvironmentOptions.Required(BatchArguments.Store, "model store: a folder or s3://bucket/prefix");
        var csvPrefix = EnvironmentOptions.Optional(BatchArguments.CsvPrefix,
            "write gzip CSV files under this prefix instead of the database: s3://bucket/path (the store's S3 server and credentials), an absolute folder, or a path inside --store, e.g. outputs");
        var version = EnvironmentOptions.Optional(BatchArguments.Version, "model version (default: the servable latest)");
        var top = EnvironmentOptions.Number(BatchArguments.Top, BatchOptions.DefaultTop, "recommendation: products per customer and similar products per product");
        var horizon = EnvironmentOptions.Number(BatchArguments.Horizon, BatchOptions.DefaultHorizon, "forecast: days ahead");
        var level = EnvironmentOptions.Decimal(BatchArguments.Level, BatchOptions.DefaultLevel, "forecast: prediction interval level");
        var timeZone = EnvironmentOptions.Optional(BatchArguments.TimeZone, $"forecast: the shop's time zone (IANA id) that says which day today is (default {BatchOptions.DefaultTimeZone})");
        var start = new Option<string?>("--start") { Description = "forecast: first day, yyyy-MM-dd (default: today in --time-zone); the days since the data ended are forecast through" };
        var maxGap = new Option<int>("--max-gap-days") { Description = "forecast: most days between the data's end and the start that are forecast through; an older model is refused", DefaultValueFactory = _ => BatchOptions.DefaultMaxGapDays };
        var shards = EnvironmentOptions.Number(BatchArguments.Shards, 1, "how many shards the run is cut into (ranges of customers, products and scopes)");
        var shard = EnvironmentOptions.Number(BatchArguments.Shard, 0, "the shard this run writes, 0 to shards-1 (an Indexed Job's completion index)");
        foreach (var option in new Option[] { db, model, store, csvPrefix, version, top, horizon, level, timeZone, start, maxGap, shards, shard })
        {
            command.Options.Add(option);
        }

        command.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var console = parse.InvocationConfiguration.Output;
            var options = new BatchOptions
            {
                Model = parse.GetValue(model)!,
                Version = parse.GetValue(version),
                Top = parse.GetValue(top),
                Horizon = parse.GetValue(horizon),
                Level = parse.GetValue(level),
                TimeZone = parse.GetValue(timeZone) ?? BatchOptions.DefaultTimeZone,
                Start = StartOf(parse.GetValue(start)),
                MaxGapDays = parse.GetValue(maxGap),
                Shards = parse.GetValue(shards),
                Shard = parse.GetValue(shard),
            };
            CheckShard(options.Shard, options.Shards);
            var (dbValue, prefix) = (parse.GetValue(db), parse.GetValue(csvPrefix));
            if (prefix is not null && dbValue is not null)
            {
                throw new ArgumentException("give either --db (the database's tables) or --csv-prefix (CSV files), not both");
            }

            var modelStore = ModelStores.Open(parse.GetValue(store)!);
            var stored = await StoredModel.LoadAsync(modelStore, options.Model, options.Version, cancellationToken).ConfigureAwait(false);
            if (!BatchRun.HasDatabaseOutput(stored))
            {
                return otherTask is not null
                    ? await otherTask(parse, stored, cancellationToken).ConfigureAwait(false)
                    : throw new ArgumentException($"model '{stored.Manifest.Model}' has task '{stored.Manifest.Task}', which has no batch output in the database");
            }

            if (prefix is not null)
            {
                var target = new CsvBatchTarget(OutputObjectStores.Open(prefix, modelStore), time);
                await console.WriteLineAsync($"writing CSV files under {target.Location}").ConfigureAwait(false);
                await new BatchRun(time, console).RunAsync(options, stored, target, cancellationToken).ConfigureAwait(false);
                return TrainerExitCodes.Done;
            }

            var connection = PostgresConnection.Resolve(dbValue);
            await using var dataSource = connection.OpenDataSource();
            foreach (var migration in await PostgresMigrator.MigrateAsync(dataSource, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                await console.WriteLineAsync($"applied migration {migration.Id}: {migration.Name}").ConfigureAwait(false);
            }

            await console.WriteLineAsync($"writing to {connection}").ConfigureAwait(false);
            await new BatchRun(time, console).RunAsync(options, stored, dataSource, cancellationToken).ConfigureAwait(false);
            return TrainerExitCodes.Done;
        }));
    }

    private static void CheckShard(int shard, int shardCount)
    {
        if (shardCount is < 1 or > 10_000)
        {
            throw new ArgumentException($"--shards ({BatchArguments.Shards.Variable}) must be between 1 and 10000, not {shardCount}");
        }

        if (shard < 0 || shard >= shardCount)
        {
            throw new ArgumentException(
                $"--shard ({BatchArguments.Shard.Variable}) is {shard}, but with {shardCount} shard{(shardCount == 1 ? "" : "s")} it must be 0{(shardCount > 1 ? $" to {shardCount - 1}" : "")}");
        }
    }

    private static DateOnly? StartOf(string? start) =>
        start is null ? null
        : DateOnly.TryParseExact(start, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day) ? day
        : throw new ArgumentException($"--start must be a date as yyyy-MM-dd, not '{start}'");
}
