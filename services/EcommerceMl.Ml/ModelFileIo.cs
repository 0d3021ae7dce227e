using System.Runtime.InteropServices;
using System.Text;

namespace EcommerceMl.Ml;

/// <summary>
/// What every binary model file (recommendation, churn, demand) is built from, little-endian: a magic
/// marker and an int32 format version first; int32 counts; length-prefixed arrays and strings
/// (<see cref="BinaryArrays"/>, <see cref="BinaryStrings"/>); for some formats an end marker last.
/// <see cref="SafeReader"/> reads all of it back.
/// </summary>
internal static class ModelFile
{
    /// <summary>"!END": the last int32 of a file whose sections are checked to end where they say.</summary>
    public const int EndMarker = 0x444E4521;

    /// <summary>A writer positioned after the marker and the format version; it leaves <paramref name="stream"/> open.</summary>
    public static BinaryWriter OpenWriter(Stream stream, ReadOnlySpan<byte> magic, int version)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true);
        writer.Write(magic);
        writer.Write(version);
        return writer;
    }
}

/// <summary>Writes an array as its length and raw bytes: what <see cref="SafeReader.ReadArray{T}"/> reads back.</summary>
internal static class BinaryArrays
{
    public static void Write<T>(BinaryWriter writer, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(values.Length);
        writer.Write(MemoryMarshal.AsBytes(values));
    }
}

/// <summary>
/// Writes a string as an int32 byte length, then UTF-8 bytes (not <see cref="BinaryWriter.Write(string)"/>'s
/// 7-bit length): the reader can bound the length before allocating. What <see cref="SafeReader.ReadString"/> reads back.
/// </summary>
internal static class BinaryStrings
{
    public static void Write(BinaryWriter writer, string value)
    {
        ArgumentNullException.ThrowIfNull(writer);
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    /// <summary>An int32 count, then each string: what <see cref="SafeReader.ReadStrings"/> reads back.</summary>
    public static void WriteAll(BinaryWriter writer, IReadOnlyList<string> values)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(values);
        writer.Write(values.Count);
        foreach (var value in values)
        {
            Write(writer, value);
        }
    }
}

/// <summary>
/// A <see cref="BinaryReader"/> over one model file whose every read names what it reads: counts are
/// bounded before anything is allocated, and a short or malformed file becomes an
/// <see cref="InvalidDataException"/> that names the file and what is wrong (<see cref="Malformed"/>).
/// </summary>
/// <param name="file">What the file is, for messages: "recommendation model", "churn model".</param>
internal sealed class SafeReader(Stream stream, string file) : IDisposable
{
    // Generous bound on any one section; stops a corrupt count from allocating gigabytes.
    private const int MaxCount = 200_000_000;

    private const int MaxStringBytes = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly BinaryReader _reader = new(stream, Encoding.UTF8, leaveOpen: true);

    /// <summary>The error for a file that is not what its format says: "Not a valid {file} file: {why}."</summary>
    public InvalidDataException Malformed(string why) => new($"Not a valid {file} file: {why}.");

    /// <summary>Refuses a file that does not start with <paramref name="magic"/> (ASCII).</summary>
    public void ReadMagic(ReadOnlySpan<byte> magic)
    {
        if (!ReadBytes(magic.Length, "marker").AsSpan().SequenceEqual(magic))
        {
            throw Malformed($"it does not start with the marker '{Encoding.ASCII.GetString(magic)}'");
        }
    }

    /// <summary>
    /// Reads the marker and the int32 format version, refusing a version not in <paramref name="readable"/>
    /// (the current one first, named in the message); returns the version.
    /// </summary>
    public int ReadHeader(ReadOnlySpan<byte> magic, params ReadOnlySpan<int> readable)
    {
        ReadMagic(magic);
        var version = ReadInt32("format version");
        return readable.Contains(version) ? version : throw Malformed($"format version {version} is not supported (expected {readable[0]})");
    }

    public byte ReadByte(string what) => Guard(what, _reader.ReadByte);

    public int ReadInt32(string what) => Guard(what, _reader.ReadInt32);

    /// <summary>An int32 checked to lie in <paramref name="min"/>..<paramref name="max"/>.</summary>
    public int ReadInt32(string what, int min, int max)
    {
        var value = ReadInt32(what);
        return value < min || value > max ? throw Malformed($"the {what} is {value}, outside {min}..{max}") : value;
    }

    /// <summary>A date stored as its int32 <see cref="DateOnly.DayNumber"/>.</summary>
    public DateOnly ReadDate(string what) => DateOnly.FromDayNumber(ReadInt32(what, DateOnly.MinValue.DayNumber, DateOnly.MaxValue.DayNumber));

    public long ReadInt64(string what) => Guard(what, _reader.ReadInt64);

    public double ReadDouble(string what) => Guard(what, _reader.ReadDouble);

    public double ReadFiniteDouble(string what)
    {
        var value = ReadDouble(what);
        return double.IsFinite(value) ? value : throw Malformed($"the {what} is {value}, not a finite number");
    }

    public float ReadFiniteSingle(string what)
    {
        var value = Guard(what, _reader.ReadSingle);
        return float.IsFinite(value) ? value : throw Malformed($"the {what} is {value}, not a finite number");
    }

    public string ReadString(string what, int maxBytes = MaxStringBytes)
    {
        var length = ReadCount($"length of the {what}", maxBytes);
        var bytes = ReadBytes(length, what);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed($"the {what} is not valid UTF-8");
        }
    }

    /// <summary>An int32 count, then that many strings (<see cref="BinaryStrings.WriteAll"/>).</summary>
    public string[] ReadStrings(string what)
    {
        var values = new string[ReadCount($"number of {what}")];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = ReadString(what);
        }

        return values;
    }

    public byte[] ReadBytes(int count, string what)
    {
        // A seekable stream lets a corrupt count be refused before it is allocated.
        if (stream.CanSeek && count > stream.Length - stream.Position)
        {
            throw EndsInside(what);
        }

        var bytes = Guard(what, () => _reader.ReadBytes(count));
        return bytes.Length == count ? bytes : throw EndsInside(what);
    }

    /// <summary>A count, checked to be within <paramref name="max"/>.</summary>
    public int ReadCount(string what, int max = MaxCount)
    {
        var count = ReadInt32(what);
        return count >= 0 && count <= max ? count : throw Malformed($"it declares {count} as the {what}; expected 0..{max}");
    }

    public T[] ReadArray<T>(string what, int expectedLength = -1)
        where T : unmanaged
    {
        var length = ReadCount($"length of the {what}");
        if (expectedLength >= 0 && length != expectedLength)
        {
            throw Malformed($"the {what} has {length} entries; expected {expectedLength}");
        }

        var bytes = ReadBytes(checked(length * Marshal.SizeOf<T>()), what);
        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    public double[] ReadFiniteArray(string what, int expectedLength = -1)
    {
        var values = ReadArray<double>(what, expectedLength);
        return values.All(double.IsFinite) ? values : throw Malformed($"the {what} hold a non-finite value");
    }

    /// <summary>
    /// A length-prefixed float32 array of <paramref name="minLength"/>..<paramref name="maxLength"/> finite values in
    /// ascending order: a calibration bucket (<see cref="BinaryArrays.Write{T}"/>).
    /// </summary>
    public float[] ReadAscendingSingles(string what, int minLength, int maxLength)
    {
        var length = ReadInt32($"length of the {what}", minLength, maxLength);
        var values = MemoryMarshal.Cast<byte, float>(ReadBytes(length * sizeof(float), what)).ToArray();
        for (var i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i]) || (i > 0 && values[i] < values[i - 1]))
            {
                throw Malformed($"the {what} are not finite and ascending");
            }
        }

        return values;
    }

    /// <summary>Reads an int array whose every entry must be a valid index below <paramref name="bound"/>.</summary>
    public int[] ReadIndices(string what, int bound, int expectedLength = -1)
    {
        var values = ReadArray<int>(what, expectedLength);
        foreach (var value in values)
        {
            if ((uint)value >= (uint)bound)
            {
                throw Malformed($"the {what} refers to index {value}, outside 0..{bound - 1}");
            }
        }

        return values;
    }

    /// <summary>CSR offsets: <paramref name="rows"/> + 1 entries, starting at 0, never decreasing, ending at <paramref name="total"/>.</summary>
    public int[] ReadOffsets(string what, int rows, int total)
    {
        var offsets = ReadArray<int>(what, rows + 1);
        if (offsets[0] != 0 || offsets[^1] != total)
        {
            throw Malformed($"the {what} do not span 0..{total}");
        }

        for (var i = 1; i < offsets.Length; i++)
        {
            if (offsets[i] < offsets[i - 1])
            {
                throw Malformed($"the {what} decrease at row {i - 1}");
            }
        }

        return offsets;
    }

    /// <summary>Refuses a file whose next int32 is not <see cref="ModelFile.EndMarker"/>: its sections are not the size they declare.</summary>
    public void ReadEndMarker()
    {
        if (ReadInt32("end marker") != ModelFile.EndMarker)
        {
            throw Malformed("it does not end where its sections say it should");
        }
    }

    /// <summary>Refuses bytes after the last section.</summary>
    public void ReadEnd()
    {
        if (stream.ReadByte() != -1)
        {
            throw Malformed("there are bytes after its last section");
        }
    }

    public void Dispose() => _reader.Dispose();

    private InvalidDataException EndsInside(string what) => Malformed($"it ends inside the {what} (truncated)");

    private T Guard<T>(string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (EndOfStreamException)
        {
            throw EndsInside(what);
        }
    }
}
