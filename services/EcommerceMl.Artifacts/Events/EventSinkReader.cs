using System.IO.Compression;
using System.Runtime.CompilerServices;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Events;

/// <summary>
/// Reads the event sink over a time window: the hour partitions that overlap [from, to), object by object, each
/// event once. Duplicates (a client's retry of a batch the server had already taken) are dropped by id, first seen
/// kept; the ids of the window are held in memory (about 100 bytes each). The window is on <c>receivedAt</c>, the
/// time the partitions are cut by; filter on <c>occurredAt</c> afterwards if that is what you need.
/// </summary>
public sealed class EventSinkReader(IEventObjects objects)
{
    /// <summary>Objects skipped because they could not be read as gzip JSON lines (counted, not fatal: one bad object must not stop training).</summary>
    public int UnreadableObjects { get; private set; }

    public async IAsyncEnumerable<ShopEventRecord> ReadAsync(DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var hour in EventSinkLayout.Hours(from, to))
        {
            foreach (var path in await objects.ListAsync(EventSinkLayout.PartitionPath(hour), cancellationToken).ConfigureAwait(false))
            {
                var bytes = await objects.ReadAsync(path, cancellationToken).ConfigureAwait(false);
                if (bytes is null)
                {
                    continue; // deleted by retention since the listing
                }

                IReadOnlyList<ShopEventRecord> events;
                try
                {
                    events = Decode(bytes);
                }
                catch (Exception e) when (e is InvalidDataException or System.Text.Json.JsonException)
                {
                    UnreadableObjects++;
                    continue;
                }

                foreach (var e in events)
                {
                    if (e.ReceivedAt >= from && e.ReceivedAt < to && seen.Add(e.Id))
                    {
                        yield return e;
                    }
                }
            }
        }
    }

    /// <summary>One object's events: gzip of UTF-8 JSON lines.</summary>
    public static IReadOnlyList<ShopEventRecord> Decode(byte[] gzip)
    {
        ArgumentNullException.ThrowIfNull(gzip);
        using var input = new GZipStream(new MemoryStream(gzip), CompressionMode.Decompress);
        using var text = new MemoryStream();
        input.CopyTo(text);
        var events = new List<ShopEventRecord>();
        var span = text.GetBuffer().AsSpan(0, (int)text.Length);
        while (span.Length > 0)
        {
            var end = span.IndexOf((byte)'\n');
            var line = end < 0 ? span : span[..end];
            if (!line.IsEmpty)
            {
                events.Add(EventJson.FromLine(line));
            }

            span = end < 0 ? [] : span[(end + 1)..];
        }

        return events;
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
