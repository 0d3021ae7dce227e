using System.CommandLine;
using System.Globalization;
using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Models;
using EcommerceMl.Trainer;

namespace EcommerceMl.Cli;

/// <summary>
/// `ecml store gc`: removes what publishes cut short left in a model store (version folders without a
/// manifest, stray temp files and claims) once older than a grace period, so a trainer killed mid-publish
/// leaves nothing behind for long; on S3 also unfinished multipart uploads started a day ago (or the grace period,
/// when longer). Versions (folders with a manifest) are never touched.
/// </summary>
internal static class StoreCommand
{
    /// <summary>How old a leftover must be before it is removed: a younger folder may be a publish still writing.</summary>
    public const string DefaultOlderThan = "1h";

    public static Command Create(TimeProvider time)
    {
        var store = new Option<string>("--store") { Description = "model store: a folder or s3://bucket/prefix", Required = true };
        var olderThan = new Option<string>("--older-than") { Description = $"only leftovers last written at least this long ago, e.g. 30m, 6h, 2d (default {DefaultOlderThan})", DefaultValueFactory = _ => DefaultOlderThan };
        var dryRun = new Option<bool>("--dry-run") { Description = "list what would be removed, remove nothing" };
        var gc = new Command("gc", "Remove what publishes cut short left in a model store (folders without a manifest, stray temp files) once older than --older-than, and abort unfinished S3 multipart uploads started over a day ago (or --older-than, if longer).") { store, olderThan, dryRun };
        gc.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var (grace, error) = Durations.Parse(parse.GetValue(olderThan), "--older-than");
            if (error is not null)
            {
                throw new ArgumentException(error);
            }

            var modelStore = ModelStores.Open(parse.GetValue(store)!);
            if (modelStore is not IStoreGarbageCollector collector)
            {
                throw new ArgumentException($"{modelStore.Location} cannot be garbage-collected.");
            }

            var isDryRun = parse.GetValue(dryRun);
            var found = await collector.CollectGarbageAsync(time.GetUtcNow(), grace!.Value, isDryRun, cancellationToken);
            var console = parse.InvocationConfiguration.Output;
            foreach (var garbage in found)
            {
                await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{(isDryRun ? "would remove" : "removed")} {garbage.Path}{(garbage.IsFolder ? "/" : string.Empty)} ({garbage.Objects} object(s), last written {garbage.LastWritten:yyyy-MM-dd HH:mm:ss}Z): {garbage.What}"));
            }

            await console.WriteLineAsync(found.Count == 0
                ? $"nothing to collect in {modelStore.Location} older than {parse.GetValue(olderThan)}"
                : $"{found.Count} leftover(s) {(isDryRun ? "found" : "removed")} in {modelStore.Location}");
            return 0;
        }));
        return new Command("store", "Maintain a model store.") { gc };
    }
}
