using System.Buffers.Binary;
using System.Runtime.InteropServices;

namespace EcommerceMl.Contracts.Events;

/// <summary>
/// Columns written to and read from a stream as little-endian arrays (<see cref="EventColumnsFile"/>): whole spans at
/// once, not value by value, so a compacted hour reads at the speed of its bytes.
/// </summary>
internal static class ColumnStreams
{
    /// <summary>Elements read per step: a count that a damaged file inflates fails at its first missing step, before all of it is allocated.</summary>
    private const int Step = 1 << 20;

    public static void WriteInt(Stream output, int value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        BinaryPrimitives.WriteInt32LittleEndian(bytes, value);
        output.Write(bytes);
    }

    public static void WriteLong(Stream output, long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64LittleEndian(bytes, value);
        output.Write(bytes);
    }

    public static int ReadInt(Stream input)
    {
        Span<byte> bytes = stackalloc byte[sizeof(int)];
        input.ReadExactly(bytes);
        return BinaryPrimitives.ReadInt32LittleEndian(bytes);
    }

    public static long ReadLong(Stream input)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        input.ReadExactly(bytes);
        return BinaryPrimitives.ReadInt64LittleEndian(bytes);
    }

    /// <summary>A count, refused when negative or above <paramref name="max"/> (what a damaged file would say).</summary>
    public static int ReadCount(Stream input, int max, string what)
    {
        var count = ReadInt(input);
        return count >= 0 && count <= max ? count : throw new InvalidDataException($"{what} is {count}, outside 0..{max}.");
    }

    public static void Write<T>(Stream output, ReadOnlySpan<T> values)
        where T : unmanaged
    {
        EnsureLittleEndian();
        output.Write(MemoryMarshal.AsBytes(values));
    }

    public static void Write<T>(Stream output, List<T> values)
        where T : unmanaged => Write(output, (ReadOnlySpan<T>)CollectionsMarshal.AsSpan(values));

    /// <summary>Appends <paramref name="count"/> values read from <paramref name="input"/> to <paramref name="to"/>.</summary>
    public static void Read<T>(Stream input, List<T> to, int count)
        where T : unmanaged
    {
        EnsureLittleEndian();
        for (var done = 0; done < count;)
        {
            var step = Math.Min(Step, count - done);
            var start = to.Count;
            CollectionsMarshal.SetCount(to, start + step);
            input.ReadExactly(MemoryMarshal.AsBytes(CollectionsMarshal.AsSpan(to).Slice(start, step)));
            done += step;
        }
    }

    /// <summary>Nullable values as two arrays: presence (0 or 1) and the value (default when absent).</summary>
    public static void WriteNullable<T>(Stream output, List<T?> values)
        where T : unmanaged
    {
        var present = new byte[values.Count];
        var value = new T[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            (present[i], value[i]) = values[i] is { } v ? ((byte)1, v) : ((byte)0, default);
        }

        Write<byte>(output, present);
        Write<T>(output, value);
    }

    public static void ReadNullable<T>(Stream input, List<T?> to, int count, string what)
        where T : unmanaged
    {
        var present = new List<byte>();
        Read(input, present, count);
        var values = new List<T>();
        Read(input, values, count);
        to.Capacity = to.Count + count;
        for (var i = 0; i < count; i++)
        {
            to.Add(present[i] switch
            {
                0 => null,
                1 => values[i],
                _ => throw new InvalidDataException($"{what}: presence byte {present[i]} at {i} is neither 0 nor 1."),
            });
        }
    }

    private static void EnsureLittleEndian()
    {
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("Compacted event columns are little-endian arrays, read and written as they lie in memory; this platform is big-endian.");
        }
    }
}
