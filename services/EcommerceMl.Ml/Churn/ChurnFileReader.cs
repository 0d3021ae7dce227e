using System.Runtime.InteropServices;
using System.Text;

namespace EcommerceMl.Ml.Churn;

/// <summary>
/// Reads a churn model file: every read names what it reads, counts are bounded before anything is
/// allocated, and a short or corrupt file becomes an <see cref="InvalidDataException"/> that says what is wrong.
/// </summary>
internal sealed class ChurnFileReader(Stream stream) : IDisposable
{
    private const int MaxCount = 100_000_000;
    private const int MaxStringBytes = 4096;

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    private readonly BinaryReader _reader = new(stream, Encoding.UTF8, leaveOpen: true);

    public static InvalidDataException Malformed(string why) => new($"Not a valid churn model file: {why}.");

    public byte[] Bytes(int count, string what)
    {
        if (stream.CanSeek && count > stream.Length - stream.Position)
        {
            throw Malformed($"it ends inside the {what} (truncated)");
        }

        var bytes = _reader.ReadBytes(count);
        return bytes.Length == count ? bytes : throw Malformed($"it ends inside the {what} (truncated)");
    }

    public byte Byte(string what) => Guard(what, _reader.ReadByte);

    public int Int32(string what) => Guard(what, _reader.ReadInt32);

    public long Int64(string what) => Guard(what, _reader.ReadInt64);

    public double Single(string what)
    {
        var value = Guard(what, _reader.ReadSingle);
        return float.IsFinite(value) ? value : throw Malformed($"the {what} is {value}, not a finite number");
    }

    public double Finite(string what)
    {
        var value = Guard(what, _reader.ReadDouble);
        return double.IsFinite(value) ? value : throw Malformed($"the {what} is {value}, not a finite number");
    }

    public int Count(string what, int max = MaxCount)
    {
        var count = Int32(what);
        return count >= 0 && count <= max ? count : throw Malformed($"the {what} {count} is outside 0..{max}");
    }

    public string String(string what)
    {
        var bytes = Bytes(Count($"length of the {what}", MaxStringBytes), what);
        try
        {
            return StrictUtf8.GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            throw Malformed($"the {what} is not valid UTF-8");
        }
    }

    public string[] Strings(string what)
    {
        var values = new string[Count($"number of {what}")];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = String(what);
        }

        return values;
    }

    public T[] Array<T>(string what, int? expected = null)
        where T : unmanaged
    {
        var count = Count($"length of the {what}");
        if (expected is { } length && count != length)
        {
            throw Malformed($"the {what} hold {count} values, expected {length}");
        }

        var values = new T[count];
        var bytes = Bytes(count * Marshal.SizeOf<T>(), what);
        MemoryMarshal.Cast<byte, T>(bytes).CopyTo(values);
        return values;
    }

    public double[] FiniteArray(string what, int? expected = null)
    {
        var values = Array<double>(what, expected);
        return values.All(double.IsFinite) ? values : throw Malformed($"the {what} hold a non-finite value");
    }

    public void End()
    {
        if (stream.ReadByte() != -1)
        {
            throw Malformed("there are bytes after the last customer");
        }
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
            throw Malformed($"it ends inside the {what} (truncated)");
        }
    }
}
