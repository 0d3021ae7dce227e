using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Events;

namespace EcommerceMl.Bench;

/// <summary>
/// How fast a training run reads its window of the event sink (issue 16 item 6): a local sink of synthetic events
/// (the server's object shape: hour partitions, objects of about 4 MB of JSON lines, gzip), read three ways —
/// bytes only (the sink's read speed), bytes and gunzip, gunzip and each line parser on one thread (the serializer,
/// then <see cref="StoredEventParser"/>, then <see cref="StoredEventScanner.TryScanInto"/>), the window's string
/// numbering alone (every object's table renumbered into one, as the decoders do),
/// <see cref="EventSinkReader.ReadAsync"/> and <see cref="EventSinkReader.ReadColumnsAsync"/> (gunzip, JSON,
/// de-duplication by id), and the read with <see cref="EventShopData"/>'s merge, from records and from columns (what
/// training pays) — each as events per second; then the same from the window's hours compacted
/// (<see cref="EventColumnsFile"/>, in a mirror of the sink beside it: <c>…-compacted</c>). The sink is generated once
/// per size and kept in the folder given; each pass is preceded by one warm-up pass, so all read from the page cache.
/// </summary>
internal static class EventsRead
{
    private const int FlushBytes = 4 * 1024 * 1024;
    private static readonly DateTimeOffset Start = new(2026, 9, 1, 0, 0, 0, TimeSpan.Zero);
    private static readonly ShopData EmptyShop = new("bench", [], [], [], [], []);

    /// <summary>Runs the passes whose name contains <paramref name="only"/> (all when null).</summary>
    public static async Task<int> RunAsync(int eventsPerDay, int days, string folder, string? only = null)
    {
        _only = only;
        var root = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"events-{eventsPerDay}x{days}"));
        var sink = new LocalEventObjects(root);
        var total = await EnsureSinkAsync(sink, eventsPerDay, days);
        var to = Start.AddDays(days);
        var objects = new List<string>();
        foreach (var hour in EventSinkLayout.Hours(Start, to))
        {
            objects.AddRange(await sink.ListAsync(EventSinkLayout.PartitionPath(hour)));
        }

        var compressed = objects.Sum(p => new FileInfo(Path.Combine(root, p)).Length);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sink: {total:N0} events in {objects.Count:N0} objects, {compressed / 1e6:F0} MB gzip, {days} days; load average {LoadAverage()}"));

        await Pass("bytes only (sink read speed)", async () =>
        {
            long bytes = 0;
            foreach (var path in objects)
            {
                bytes += (await sink.ReadAsync(path))!.Length;
            }

            return total;
        });
        await Pass("bytes + gunzip", async () =>
        {
            foreach (var path in objects)
            {
                await using var gzip = new GZipStream(new MemoryStream((await sink.ReadAsync(path))!), CompressionMode.Decompress);
                await gzip.CopyToAsync(Stream.Null);
            }

            return total;
        });
        // The two parsers on the same objects, one thread each, so CPU per event compares the parsers alone.
        await Pass("gunzip + the serializer (EventJson.FromLine: before)", () => ParseAllAsync(sink, objects, static line => EventJson.FromLine(line)));
        await Pass("gunzip + StoredEventParser (StoredEventScanner first: after)", () => ParseAllAsync(sink, objects, static line => StoredEventParser.Parse(line)));
        await Pass("gunzip + StoredEventScanner.TryScanInto (columns per object, one thread)", async () =>
        {
            long events = 0;
            foreach (var path in objects)
            {
                events += (await ScanAsync(sink, path)).Count;
            }

            return events;
        });
        await NumberingPassAsync(sink, objects, total);
        await Pass("EventSinkReader (gunzip + JSON + de-duplication)", async () =>
        {
            long read = 0;
            await foreach (var _ in new EventSinkReader(sink).ReadAsync(Start, to))
            {
                read++;
            }

            return read;
        });
        await Pass("EventSinkReader.ReadColumnsAsync (gunzip + scan into columns + de-duplication)", async () =>
            (await new EventSinkReader(sink).ReadColumnsAsync(Start, to)).Count);
        // What a training run pays: the window read and merged into the shop's tables (here empty, so every customer,
        // product and order is new), once from records (as training did) and once from columns (as it does now).
        await Pass("training's read + merge from records (ReadAsync + EventShopData over records)", async () =>
            EventShopData.MergeWithReport(EmptyShop, new EventSinkReader(sink).ReadAsync(Start, to).ToBlockingEnumerable()).Report.Events);
        await Pass("training's read + merge from columns (ReadColumnsAsync + EventShopData: what training does)", async () =>
            EventShopData.MergeWithReport(EmptyShop, await new EventSinkReader(sink).ReadColumnsAsync(Start, to)).Report.Events);
        await CompactedPassesAsync(root, objects, to);
        return 0;
    }

    /// <summary>
    /// The same window once compacted (<see cref="EventColumnsFile"/>): a first run's read that writes each hour back
    /// compacted, then the sink's read speed of the compacted objects (bytes + gunzip, one thread) beside the column
    /// read and training's read + merge from them. They run on a mirror of the sink — a symbolic link to each of its
    /// objects — so the sink itself is never written.
    /// </summary>
    private static async Task CompactedPassesAsync(string root, List<string> objects, DateTimeOffset to)
    {
        var mirror = new LocalEventObjects(root + "-compacted");
        foreach (var path in objects)
        {
            var link = Path.Combine(mirror.Root, path);
            if (!File.Exists(link))
            {
                Directory.CreateDirectory(Path.GetDirectoryName(link)!);
                File.CreateSymbolicLink(link, Path.Combine(root, path));
            }
        }

        var hours = EventSinkLayout.Hours(Start, to).Select(hour => Path.Combine(mirror.Root, EventSinkLayout.CompactedPath(hour))).ToList();
        await Pass("compaction: ReadColumnsAsync writing each hour back compacted (a first run's read)", async () =>
        {
            hours.ForEach(File.Delete);
            var reader = new EventSinkReader(mirror) { CompactAsOf = to.AddDays(1) };
            var read = (await reader.ReadColumnsAsync(Start, to)).Count;
            return reader.Compaction.HoursWritten == hours.Count ? read : throw new InvalidOperationException($"{reader.Compaction.HoursWritten} of {hours.Count} hours compacted: {reader.Compaction.FirstError}");
        });
        if (!hours.All(File.Exists))
        {
            return;
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"compacted: {hours.Count:N0} objects, {hours.Sum(hour => new FileInfo(hour).Length) / 1e6:F0} MB gzip"));
        var total = (await new EventSinkReader(mirror).ReadColumnsAsync(Start, to)).Count;
        await Pass("compacted: bytes + gunzip (one thread: the compacted sink's read speed)", async () =>
        {
            foreach (var hour in hours)
            {
                await using var gzip = new GZipStream(new MemoryStream(await File.ReadAllBytesAsync(hour)), CompressionMode.Decompress);
                await gzip.CopyToAsync(Stream.Null);
            }

            return total;
        });
        await Pass("compacted: ReadColumnsAsync (gunzip + copy columns + de-duplication)", async () =>
            (await new EventSinkReader(mirror).ReadColumnsAsync(Start, to)).Count);
        await Pass("compacted: training's read + merge from columns (what training does once compacted)", async () =>
            EventShopData.MergeWithReport(EmptyShop, await new EventSinkReader(mirror).ReadColumnsAsync(Start, to)).Report.Events);
    }

    /// <summary>
    /// The window's string numbering alone, one thread: every object's own table renumbered into one, as the decoders
    /// do under their lock (the objects scanned beforehand, not timed; a method of its own so they are not kept alive
    /// into the later passes).
    /// </summary>
    private static async Task NumberingPassAsync(LocalEventObjects sink, List<string> objects, long total)
    {
        const string What = "string numbering (each object's strings into the window's table, one thread)";
        if (_only is not null && !What.Contains(_only, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var scanned = new List<EventColumns>();
        foreach (var path in objects)
        {
            scanned.Add(await ScanAsync(sink, path));
        }

        await Pass(What, () =>
        {
            var window = new EventStrings();
            foreach (var columns in scanned)
            {
                new EventColumns.StringMap(columns.Strings, window).MapAll();
            }

            return Task.FromResult(total);
        });
    }

    /// <summary>One object gunzipped and its lines scanned into columns (the writer's shape: every line of this sink).</summary>
    private static async Task<EventColumns> ScanAsync(LocalEventObjects sink, string path)
    {
        using var text = new MemoryStream();
        await using (var gzip = new GZipStream(new MemoryStream((await sink.ReadAsync(path))!), CompressionMode.Decompress))
        {
            await gzip.CopyToAsync(text);
        }

        var columns = new EventColumns();
        var span = text.GetBuffer().AsSpan(0, (int)text.Length);
        while (span.Length > 0)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            if (!line.IsEmpty)
            {
                _ = StoredEventScanner.TryScanInto(line, columns);
            }

            span = end < 0 ? [] : span[(end + 1)..];
        }

        return columns;
    }

    private delegate ShopEventRecord LineParser(ReadOnlySpan<byte> line);

    private static async Task<long> ParseAllAsync(LocalEventObjects sink, List<string> objects, LineParser parse)
    {
        long events = 0;
        foreach (var path in objects)
        {
            using var text = new MemoryStream();
            await using (var gzip = new GZipStream(new MemoryStream((await sink.ReadAsync(path))!), CompressionMode.Decompress))
            {
                await gzip.CopyToAsync(text);
            }

            events += ParseLines(text.GetBuffer().AsSpan(0, (int)text.Length), parse);
        }

        return events;
    }

    private static long ParseLines(ReadOnlySpan<byte> span, LineParser parse)
    {
        long events = 0;
        while (span.Length > 0)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            if (!line.IsEmpty && parse(line).Id.Length > 0)
            {
                events++;
            }

            span = end < 0 ? [] : span[(end + 1)..];
        }

        return events;
    }

    private static string? _only;

    private static async Task Pass(string what, Func<Task<long>> pass)
    {
        if (_only is not null && !what.Contains(_only, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        await pass(); // warm-up: page cache, JIT
        GC.Collect();
        var fullCollections = GC.CollectionCount(2);
        var paused = GC.GetTotalPauseDuration();
        var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var events = await pass();
        var seconds = watch.Elapsed.TotalSeconds;
        process.Refresh();
        // CPU seconds as well as wall seconds: on a machine shared with other work, events per CPU second is what
        // says which step is the cost; the wall figure depends on how much of the machine the run got.
        var cpu = (process.TotalProcessorTime - cpuBefore).TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{what}: {events:N0} events in {seconds:F1} s wall = {events / seconds:N0} events/s; {cpu:F1} CPU s = {events / cpu:N0} events per CPU second; GC heap after {GC.GetGCMemoryInfo().HeapSizeBytes / 1e6:F0} MB, peak working set {process.PeakWorkingSet64 / 1e6:F0} MB; {GC.CollectionCount(2) - fullCollections} full collections, {(GC.GetTotalPauseDuration() - paused).TotalSeconds:F1} s paused; load average {LoadAverage()}"));
    }

    /// <summary>Writes the sink unless a previous run did (a marker file holds the event count).</summary>
    private static async Task<long> EnsureSinkAsync(LocalEventObjects sink, int eventsPerDay, int days)
    {
        var marker = Path.Combine(sink.Root, "complete");
        if (File.Exists(marker))
        {
            return long.Parse(await File.ReadAllTextAsync(marker), CultureInfo.InvariantCulture);
        }

        var random = new Random(42);
        var watch = Stopwatch.StartNew();
        long total = 0;
        long sequence = 0;
        for (var hour = Start; hour < Start.AddDays(days); hour = hour.AddHours(1))
        {
            var lines = new List<byte[]>();
            var size = 0;
            for (var i = 0; i < eventsPerDay / 24; i++)
            {
                var line = EventJson.ToLine(Event(random, hour.AddSeconds(i * 3600.0 / (eventsPerDay / 24))));
                lines.Add(line);
                size += line.Length;
                if (size >= FlushBytes)
                {
                    await sink.PutAsync(EventSinkLayout.ObjectPath(hour, "bench", sequence++), EventSinkReader.Encode(lines));
                    total += lines.Count;
                    (lines, size) = ([], 0);
                }
            }

            if (lines.Count > 0)
            {
                await sink.PutAsync(EventSinkLayout.ObjectPath(hour, "bench", sequence++), EventSinkReader.Encode(lines));
                total += lines.Count;
            }
        }

        await File.WriteAllTextAsync(marker, total.ToString(CultureInfo.InvariantCulture));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated {total:N0} events in {watch.Elapsed.TotalSeconds:F0} s"));
        return total;
    }

    /// <summary>A storefront's mix: mostly product views, some searches and cart adds, a few purchases.</summary>
    private static ShopEventRecord Event(Random random, DateTimeOffset at)
    {
        var roll = random.NextDouble();
        var customer = random.Next(100_000);
        var product = string.Create(CultureInfo.InvariantCulture, $"P{random.Next(20_000):D5}");
        var type = roll switch
        {
            < 0.70 => EventSchema.ProductView,
            < 0.80 => EventSchema.Search,
            < 0.95 => EventSchema.AddToCart,
            _ => EventSchema.Purchase,
        };
        return new ShopEventRecord
        {
            SchemaVersion = 2,
            Id = Guid.NewGuid().ToString("N"),
            Type = type,
            OccurredAt = at,
            ReceivedAt = at,
            SessionId = string.Create(CultureInfo.InvariantCulture, $"s-{customer}-{at:yyyyMMdd}"),
            CustomerId = roll < 0.6 ? string.Create(CultureInfo.InvariantCulture, $"C{customer:D6}") : null,
            VisitorId = roll < 0.6 ? null : string.Create(CultureInfo.InvariantCulture, $"v-{customer:x8}"),
            ProductId = type == EventSchema.Search ? null : product,
            Source = new EventSource("product", random.Next(1, 20)),
            Query = type == EventSchema.Search ? "blue shoes" : null,
            ResultCount = type == EventSchema.Search ? random.Next(0, 50) : null,
            OrderId = type == EventSchema.Purchase ? Guid.NewGuid().ToString("N")[..12] : null,
            Lines = type == EventSchema.Purchase ? [new PurchaseLine(product, random.Next(1, 4), 19.99m)] : null,
        };
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
