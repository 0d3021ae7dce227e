namespace EcommerceMl.Ml.Tests;

/// <summary>The pieces every model file is written and read with (ModelFileIo.cs).</summary>
public class ModelFileIoTests
{
    private static ReadOnlySpan<byte> Magic => "ECMLTEST"u8;

    [Fact]
    public void WhatTheWritersWrite_TheReaderReadsBack()
    {
        var bytes = Written(writer =>
        {
            BinaryStrings.Write(writer, "façade");
            BinaryStrings.WriteAll(writer, ["a", "", "ü"]);
            BinaryArrays.Write<double>(writer, [1.5, -2]);
            writer.Write(ModelFile.EndMarker);
        });
        using var reader = Reader(bytes);

        reader.ReadMagic(Magic);
        Assert.Equal(3, reader.ReadInt32("format version"));
        Assert.Equal("façade", reader.ReadString("name"));
        Assert.Equal(["a", "", "ü"], reader.ReadStrings("names"));
        Assert.Equal([1.5, -2], reader.ReadFiniteArray("weights", expectedLength: 2));
        reader.ReadEndMarker();
        reader.ReadEnd();
    }

    [Fact]
    public void ReadMagic_WhenTheFileStartsOtherwise_NamesTheFileAndTheMarker()
    {
        using var reader = Reader("{\"json\": true}"u8.ToArray());

        var error = Assert.Throws<InvalidDataException>(() => reader.ReadMagic(Magic));

        Assert.Equal("Not a valid test model file: it does not start with the marker 'ECMLTEST'.", error.Message);
    }

    [Fact]
    public void ReadString_WhenTheFileEndsInsideIt_SaysItIsTruncatedAndWhere()
    {
        var bytes = Written(writer => BinaryStrings.Write(writer, "customer-42"));
        using var reader = Reader(bytes[..^3]);
        reader.ReadMagic(Magic);
        reader.ReadInt32("format version");

        var error = Assert.Throws<InvalidDataException>(() => reader.ReadString("customer id"));

        Assert.Equal("Not a valid test model file: it ends inside the customer id (truncated).", error.Message);
    }

    [Fact]
    public void ReadArray_WhenTheLengthIsCorrupt_RefusesBeforeAllocating()
    {
        var bytes = Written(writer => writer.Write(100_000_000));
        using var reader = Reader(bytes);
        reader.ReadMagic(Magic);
        reader.ReadInt32("format version");

        var error = Assert.Throws<InvalidDataException>(() => reader.ReadArray<double>("weights"));

        Assert.Contains("ends inside the weights", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadFiniteArray_WhenAValueIsNaN_Refuses()
    {
        var bytes = Written(writer => BinaryArrays.Write<double>(writer, [1, double.NaN]));
        using var reader = Reader(bytes);
        reader.ReadMagic(Magic);
        reader.ReadInt32("format version");

        var error = Assert.Throws<InvalidDataException>(() => reader.ReadFiniteArray("weights"));

        Assert.Contains("the weights hold a non-finite value", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ReadEnd_WhenBytesFollow_Refuses()
    {
        var bytes = Written(writer => writer.Write(ModelFile.EndMarker));
        using var reader = Reader([.. bytes, 0]);
        reader.ReadMagic(Magic);
        reader.ReadInt32("format version");
        reader.ReadEndMarker();

        var error = Assert.Throws<InvalidDataException>(reader.ReadEnd);

        Assert.Contains("bytes after its last section", error.Message, StringComparison.Ordinal);
    }

    private static byte[] Written(Action<BinaryWriter> sections)
    {
        using var stream = new MemoryStream();
        using (var writer = ModelFile.OpenWriter(stream, Magic, version: 3))
        {
            sections(writer);
        }

        return stream.ToArray();
    }

    private static SafeReader Reader(byte[] bytes) => new(new MemoryStream(bytes), "test model");
}
