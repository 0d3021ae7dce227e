using System.Runtime.InteropServices;
using System.Text;

namespace EcommerceMl.Ml;

/// <summary>Writes an array as its length and raw bytes: what <see cref="SafeReader"/> reads back.</summary>
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

/// <summary>A <see cref="BinaryReader"/> whose every read names what it reads and turns a short or malformed file into <see cref="InvalidDataException"/>.</summary>
internal sealed class SafeReader(Stream stream) : IDisposable
{
    // Generous bound on any one section; stops a corrupt count from allocating gigabytes.
    private const int MaxCount = 200_000_000;

    private const int MaxStringBytes = 1 << 20;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly BinaryReader _reader = new(stream, Encoding.UTF8, leaveOpen: true);

    public int ReadInt32(string what) => Guard(what, _reader.ReadInt32);

    public double ReadDouble(string what) => Guard(what, _reader.ReadDouble);


    public string ReadString(string what)
    {
        var length = ReadCount($"length of the {what}", MaxStringBytes);
        var bytes = ReadBytes(length, what);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw new InvalidDataException($"The recommendation model file has a malformed {what}: invalid UTF-8.");
        }
    }

    public byte[] ReadBytes(int count, string what)
    {
        // A seekable stream lets a corrupt count be refused before it is allocated.
        if (stream.CanSeek && count > stream.Length - stream.Position)
        {
            throw new InvalidDataException($"The recommendation model file ends inside the {what}.");
        }

        var bytes = Guard(what, () => _reader.ReadBytes(count));
        if (bytes.Length != count)
        {
            throw new InvalidDataException($"The recommendation model file ends inside the {what}.");
        }

        return bytes;
    }

    /// <summary>A count, checked to be within <paramref name="max"/>.</summary>
    public int ReadCount(string what, int max = MaxCount)
    {
        var count = ReadInt32(what);
        if (count < 0 || count > max)
        {
            throw new InvalidDataException($"The recommendation model file declares {count} as the {what}; expected 0..{max}.");
        }

        return count;
    }

    public T[] ReadArray<T>(string what, int expectedLength = -1)
        where T : unmanaged
    {
        var length = ReadCount($"length of the {what}");
        if (expectedLength >= 0 && length != expectedLength)
        {
            throw new InvalidDataException($"The {what} has {length} entries; expected {expectedLength}.");
        }

        var bytes = ReadBytes(checked(length * Marshal.SizeOf<T>()), what);
        return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
    }

    /// <summary>Reads an int array whose every entry must be a valid index below <paramref name="bound"/>.</summary>
    public int[] ReadIndices(string what, int bound, int expectedLength = -1)
    {
        var values = ReadArray<int>(what, expectedLength);
        foreach (var value in values)
        {
            if ((uint)value >= (uint)bound)
            {
                throw new InvalidDataException($"The {what} refers to index {value}, outside 0..{bound - 1}.");
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
            throw new InvalidDataException($"The {what} do not span 0..{total}.");
        }

        for (var i = 1; i < offsets.Length; i++)
        {
            if (offsets[i] < offsets[i - 1])
            {
                throw new InvalidDataException($"The {what} decrease at row {i - 1}.");
            }
        }

        return offsets;
    }

    public void Dispose() => _reader.Dispose();

    private static T Guard<T>(string what, Func<T> read)
    {
        try
        {
            return read();
        }
        catch (EndOfStreamException)
        {
            throw new InvalidDataException($"The recommendation model file ends inside the {what}.");
        }
    }
}
