using System.Runtime.InteropServices;
using System.Text;

namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// The compact binary model file every recommender writes (little-endian, <see cref="BinaryWriter"/>):
/// <code>
/// "ECMLREC1" magic (8 bytes) · int32 format version · string algorithm
/// catalogue section (<see cref="RecommenderCatalog"/>) · algorithm section · int32 end marker
/// </code>
/// Scores are float32; ids and names are length-prefixed UTF-8 strings. The reader checks every
/// count and index, so a truncated or foreign file is an <see cref="InvalidDataException"/> that
/// says what is wrong, never an out-of-memory or index error.
/// </summary>
public static class RecommenderFile
{
    public const int FormatVersion = 1;

    internal const int EndMarker = 0x444E4521; // "!END"

    private static ReadOnlySpan<byte> Magic => "ECMLREC1"u8;

    internal static BinaryWriter OpenWrite(Stream stream, string algorithm)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(FormatVersion);
        WriteString(writer, algorithm);
        return writer;
    }

    internal static void Close(BinaryWriter writer)
    {
        writer.Write(EndMarker);
        writer.Flush();
        writer.Dispose();
    }

    /// <summary>Reads the header and returns the algorithm the file was written by.</summary>
    internal static string ReadHeader(SafeReader reader)
    {
        var magic = reader.ReadBytes(Magic.Length, "magic");
        if (!magic.AsSpan().SequenceEqual(Magic))
        {
            throw new InvalidDataException("Not an EcommerceMl recommendation model: the file does not start with 'ECMLREC1'.");
        }

        var version = reader.ReadInt32("format version");
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"Recommendation model format version {version} is not supported; this build reads version {FormatVersion}.");
        }

        return reader.ReadString("algorithm");
    }

    internal static void ReadEnd(SafeReader reader)
    {
        if (reader.ReadInt32("end marker") != EndMarker)
        {
            throw new InvalidDataException("The recommendation model file has a malformed end: sections are not the size they declare.");
        }
    }

    /// <summary>An int32 byte length, then UTF-8 bytes: the reader can bound the length before allocating.</summary>
    internal static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }
}
