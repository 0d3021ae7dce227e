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

    /// <summary>What <see cref="SafeReader"/> calls a recommendation file in its messages.</summary>
    internal const string FileKind = "recommendation model";

    private static ReadOnlySpan<byte> Magic => "ECMLREC1"u8;

    internal static BinaryWriter OpenWrite(Stream stream, string algorithm)
    {
        var writer = ModelFile.OpenWriter(stream, Magic, FormatVersion);
        BinaryStrings.Write(writer, algorithm);
        return writer;
    }

    internal static void Close(BinaryWriter writer)
    {
        writer.Write(ModelFile.EndMarker);
        writer.Flush();
        writer.Dispose();
    }

    /// <summary>Reads the header and returns the algorithm the file was written by.</summary>
    internal static string ReadHeader(SafeReader reader)
    {
        reader.ReadMagic(Magic);
        var version = reader.ReadInt32("format version");
        if (version != FormatVersion)
        {
            throw reader.Malformed($"format version {version} is not supported; this build reads version {FormatVersion}");
        }

        return reader.ReadString("algorithm");
    }
}
