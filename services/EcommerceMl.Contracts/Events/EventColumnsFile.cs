using System.IO.Compression;
using System.Text;

namespace EcommerceMl.Contracts.Events;

/// <summary>
/// An hour's compacted object (<see cref="EventSinkLayout.CompactedName"/>): the events of the source objects it names,
/// in their order, as <see cref="EventColumns"/> — gzip of a header (<c>ECMLCOLS</c>, the version, the source objects'
/// paths) and the columns as little-endian arrays. A reader copies the arrays where the JSON lines had to be scanned
/// (bench: <c>events-read</c>). Repeated ids are kept, as in the sources: readers drop them over their whole window.
/// </summary>
public static class EventColumnsFile
{
    public const int Version = 1;

    private const int MaxSources = 1 << 20;
    private const int MaxPathBytes = 4096;

    private static ReadOnlySpan<byte> Magic => "ECMLCOLS"u8;

    /// <summary>The bytes of a compacted object holding <paramref name="events"/>, read from <paramref name="sources"/> (sink paths, in reading order).</summary>
    public static byte[] Encode(EventColumns events, IReadOnlyList<string> sources)
    {
        ArgumentNullException.ThrowIfNull(events);
        ArgumentNullException.ThrowIfNull(sources);
        using var output = new MemoryStream();
        // Fastest: written once by a run that is waiting for its data; inflating is as fast whatever the level.
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(Magic);
            ColumnStreams.WriteInt(gzip, Version);
            ColumnStreams.WriteInt(gzip, sources.Count);
            foreach (var source in sources)
            {
                var bytes = Encoding.UTF8.GetBytes(source);
                ColumnStreams.WriteInt(gzip, bytes.Length);
                gzip.Write(bytes);
            }

            events.WriteColumns(gzip);
        }

        return output.ToArray();
    }

    /// <summary>The events and source paths of a compacted object; <see cref="InvalidDataException"/> naming what is wrong when it is not one, damaged or cut short.</summary>
    public static (EventColumns Events, IReadOnlyList<string> Sources) Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        try
        {
            using var gzip = new GZipStream(new MemoryStream(bytes, writable: false), CompressionMode.Decompress);
            Span<byte> magic = stackalloc byte[Magic.Length];
            gzip.ReadExactly(magic);
            if (!magic.SequenceEqual(Magic))
            {
                throw new InvalidDataException("not a compacted events object (no ECMLCOLS header).");
            }

            var version = ColumnStreams.ReadInt(gzip);
            if (version != Version)
            {
                throw new InvalidDataException($"compacted events version {version}; this reader knows version {Version}.");
            }

            var sources = new string[ColumnStreams.ReadCount(gzip, MaxSources, "the source count")];
            for (var i = 0; i < sources.Length; i++)
            {
                var path = new byte[ColumnStreams.ReadCount(gzip, MaxPathBytes, "a source path's length")];
                gzip.ReadExactly(path);
                sources[i] = Encoding.UTF8.GetString(path);
            }

            var events = EventColumns.ReadColumns(gzip);
            // Read to the end, so gzip checks its CRC (of all it inflated) and nothing follows the columns.
            if (gzip.ReadByte() >= 0)
            {
                throw new InvalidDataException("bytes follow the columns.");
            }

            return (events, sources);
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException("the compacted events object is cut short.", e);
        }
    }
}
