using System.Buffers;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Events;

/// <summary>
/// Reads the event sink over a time window: the hour partitions that overlap [from, to), object by object in path
/// order, each event once. Duplicates (a client's retry of a batch the server had already taken) are dropped by id,
/// first seen kept. The window is on <c>receivedAt</c>, the time the partitions are cut by; filter on
/// <c>occurredAt</c> afterwards if that is what you need.
/// </summary>
/// <remarks>
/// Parsing JSON, not reading bytes, was what a training run waited for (bench: <c>events-read</c>): lines are read by
/// <see cref="StoredEventScanner"/> (the writer's shape, byte by byte), and up to <see cref="Prefetch"/> objects
/// are fetched, gunzipped, parsed and their ids hashed in parallel ahead of the one being yielded, in order, leaving
/// only the de-duplication set (<see cref="IdSet"/>) to the consuming thread. The ids of the window are remembered as
/// 128-bit hashes (21 to 43 bytes each in the set, where the strings took about 250): 90 million events need 2 to 4 GB,
/// not 22.
/// Training reads <see cref="ReadColumnsAsync"/>: keeping millions of records (about eight objects each) until the
/// merge cost more than parsing them, so the window is scanned into columns instead, hour by hour — and an hour that
/// is closed is parsed once: written back as columns (<see cref="EventColumnsFile"/>) that later reads copy.
/// </remarks>
public sealed partial class EventSinkReader(IEventObjects objects)
{
    /// <summary>
    /// Twice as many objects (or hours) as there are cores, and one more: every core decodes while the consumer takes the
    /// one in front, and an hour that waits for the window's string table (<see cref="ReadColumnsAsync"/>) leaves work
    /// for the others (bench <c>events-read</c>: 3.0 → 2.7 s for 90 compacted days, from cores + 1).
    /// </summary>
    private static readonly int Prefetch = Math.Max(2, 2 * Environment.ProcessorCount + 1);

    private int _unreadableObjects;

    /// <summary>
    /// Objects skipped because they could not be read as gzip JSON lines, or as a compacted hour (counted, not fatal: one
    /// bad object must not stop training; an hour whose compacted object is unreadable is read from its sources).
    /// </summary>
    public int UnreadableObjects => _unreadableObjects;

    public async IAsyncEnumerable<ShopEventRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new IdSet();
        await foreach (var decoded in DecodedAsync(from, to, bytes => DecodeRecords(bytes, seen), cancellationToken).ConfigureAwait(false))
        {
            for (var i = 0; i < decoded.Events.Count; i++)
            {
                var e = decoded.Events[i];
                if (e.ReceivedAt >= from && e.ReceivedAt < to && seen.Add(decoded.IdHashes[i]))
                {
                    yield return e;
                }
            }
        }
    }

    /// <summary>
    /// The objects of the hour partitions that overlap [from, to), decoded in path order (see <see cref="InOrderAsync"/>).
    /// Objects gone since the listing or unreadable are skipped (counted in <see cref="UnreadableObjects"/>).
    /// </summary>
    private async IAsyncEnumerable<T> DecodedAsync<T>(
        DateTimeOffset from, DateTimeOffset to, Func<byte[], T> decode, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var paths = new List<string>();
        foreach (var hour in EventSinkLayout.Hours(from, to))
        {
            paths.AddRange(await objects.ListAsync(EventSinkLayout.PartitionPath(hour), cancellationToken).ConfigureAwait(false));
        }

        var units = paths.Select(path => (Func<CancellationToken, Task<T?>>)(ct => ReadObjectAsync(path, decode, ct)));
        await foreach (var decoded in InOrderAsync(units.ToList(), cancellationToken).ConfigureAwait(false))
        {
            yield return decoded;
        }
    }

    /// <summary>
    /// The results of <paramref name="units"/> in their order, nulls left out: up to <see cref="Prefetch"/> running on the
    /// thread pool ahead of the one being handed out.
    /// </summary>
    private static async IAsyncEnumerable<T> InOrderAsync<T>(
        IReadOnlyList<Func<CancellationToken, Task<T?>>> units, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var ahead = new Queue<Task<T?>>();
        var next = 0;
        try
        {
            while (next < units.Count || ahead.Count > 0)
            {
                while (next < units.Count && ahead.Count < Prefetch)
                {
                    var unit = units[next++];
                    ahead.Enqueue(Task.Run(() => unit(stop.Token), stop.Token));
                }

                if (await ahead.Dequeue().ConfigureAwait(false) is { } decoded)
                {
                    yield return decoded;
                }
            }
        }
        finally
        {
            // A reader that stops early (or fails) leaves no fetch running behind it.
            await stop.CancelAsync().ConfigureAwait(false);
            foreach (var pending in ahead)
            {
                await pending.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default).ConfigureAwait(false);
            }
        }
    }

    /// <summary>One object's events and their ids' hashes (<see cref="IdSet.Hash(string)"/>), index by index.</summary>
    private sealed record Decoded(IReadOnlyList<ShopEventRecord> Events, UInt128[] IdHashes);

    /// <summary>One object read and decoded; null when it is gone (deleted by retention since the listing) or unreadable.</summary>
    private async Task<T?> ReadObjectAsync<T>(string path, Func<byte[], T> decode, CancellationToken cancellationToken)
        where T : class =>
        await objects.ReadAsync(path, cancellationToken).ConfigureAwait(false) is { } bytes ? TryDecode(bytes, decode) : null;

    /// <summary>An object's bytes decoded; null, counted in <see cref="UnreadableObjects"/>, when they are not what <paramref name="decode"/> reads.</summary>
    private T? TryDecode<T>(byte[] bytes, Func<byte[], T> decode)
        where T : class
    {
        try
        {
            return decode(bytes);
        }
        catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
        {
            Interlocked.Increment(ref _unreadableObjects);
            return null;
        }
    }

    private static Decoded DecodeRecords(byte[] gzip, IdSet ids)
    {
        var events = Decode(gzip);
        var hashes = new UInt128[events.Count];
        for (var i = 0; i < hashes.Length; i++)
        {
            hashes[i] = ids.Hash(events[i].Id);
        }

        return new Decoded(events, hashes);
    }

    /// <summary>One object's events: gzip of UTF-8 JSON lines.</summary>
    public static IReadOnlyList<ShopEventRecord> Decode(byte[] gzip)
    {
        ArgumentNullException.ThrowIfNull(gzip);
        var events = new List<ShopEventRecord>();
        ForEachLine(gzip, line => events.Add(StoredEventParser.Parse(line)));
        return events;
    }

    private delegate void LineAction(ReadOnlySpan<byte> line);

    /// <summary>Each non-empty line of a gzip object, in order.</summary>
    /// <remarks>
    /// The text is gunzipped into a pooled buffer: an object's few megabytes allocated anew each time land on the
    /// large object heap, and each time its budget ran out the garbage collector went through the whole heap — with a
    /// window's events on it (bench: <c>events-read</c>, about one full collection per object read).
    /// </remarks>
    private static void ForEachLine(byte[] gzip, LineAction take)
    {
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        // Sized for the usual ratio of JSON lines to gzip (about 4), grown when an object holds more.
        var buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, 5L * gzip.Length + 4096));
        try
        {
            var length = 0;
            int read;
            while ((read = input.Read(buffer, length, buffer.Length - length)) > 0)
            {
                length += read;
                if (length == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(Array.MaxLength, 2L * buffer.Length));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
            }

            var span = buffer.AsSpan(0, length);
            while (span.Length > 0)
            {
                var end = span.IndexOf((byte)'\n');
                var line = end < 0 ? span : span[..end];
                if (!line.IsEmpty)
                {
                    take(line);
                }

                span = end < 0 ? [] : span[(end + 1)..];
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A batch as one object's bytes: the JSON lines, gzip-compressed.</summary>
    public static byte[] Encode(IEnumerable<byte[]> lines)
    {
        ArgumentNullException.ThrowIfNull(lines);
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            foreach (var line in lines)
            {
                gzip.Write(line);
            }
        }

        return output.ToArray();
    }
}
