using System.CommandLine;
using System.Globalization;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Postgres;
using EcommerceMl.Trainer;

namespace EcommerceMl.Cli;

/// <summary>
/// `ecml events compact`: rewrites each closed hour of the event sink that has no compacted object yet into one
/// (<see cref="EventColumnsFile"/>), so training copies it rather than parsing its JSON lines. Training runs do it
/// themselves for the hours they read; this is for a sink its trainers may not write to (run it as a CronJob with
/// credentials that may), or to compact a window before the first run.
/// </summary>
internal static class EventsCommand
{
    public static Command Create(TimeProvider time)
    {
        var events = new Option<string>("--events") { Description = "the event sink: the store the inference servers write to, a folder or s3://bucket/prefix", Required = true };
        var days = new Option<int>("--days") { Description = $"compact the closed hours of the last N days (default {TrainingEvents.DefaultWindowDays}, as training reads)", DefaultValueFactory = _ => TrainingEvents.DefaultWindowDays };
        var compact = new Command("compact", "Rewrite the sink's closed hours as compacted columns, which training copies instead of parsing (each hour once; the JSON lines stay).") { events, days };
        compact.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var window = parse.GetValue(days);
            if (window is < 1 or > TrainingEvents.MaxWindowDays)
            {
                throw new ArgumentException($"--days must be between 1 and {TrainingEvents.MaxWindowDays}; got {window}.");
            }

            var location = parse.GetValue(events)!;
            if (PostgresConnection.IsConnectionSpec(location))
            {
                throw new ArgumentException("--events names a PostgreSQL sink: its rows are read by query, there are no objects to compact.");
            }

            var sink = EventObjectStores.Open(location);
            var console = parse.InvocationConfiguration.Output;
            if ((await sink.ListFoldersAsync(EventSinkLayout.Root, cancellationToken)).Count == 0)
            {
                // Say so rather than "compacted 0": a mistyped location and a sink no server has written to yet look alike.
                await console.WriteLineAsync($"{sink.Location} holds no event partitions ({EventSinkLayout.Root}/dt=…): nothing to compact. Is it the store the inference servers write to?");
                return 0;
            }

            var now = time.GetUtcNow();
            var reader = new EventSinkReader(sink);
            var compacted = await reader.CompactAsync(now.AddDays(-window), now, now, cancellationToken);
            if (reader.Compaction.Failures > 0)
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: could not write a compacted hour to {sink.Location}: {reader.Compaction.FirstError}");
                return TrainerExitCodes.Failed;
            }

            await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                $"compacted {compacted:N0} closed hour(s) of events in {sink.Location} over the last {window} day(s); hours already compacted, still open, or of one object of fewer than {EventSinkReader.MinEventsWorthCompacting:N0} events (as cheap to parse as to copy) were left as they are"));
            if (reader.UnreadableObjects > 0)
            {
                await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{reader.UnreadableObjects:N0} object(s) could not be read as gzip JSON lines; they were left out of their hour's compacted object and are tried again on every read"));
            }

            return 0;
        }));
        return new Command("events", "Maintain the event sink the inference servers write to.") { compact };
    }
}
