using System.IO.Compression;
using EcommerceMl.Testing;

namespace EcommerceMl.Contracts.Tests.Events;

public sealed class EventColumnsFileTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);

    /// <summary>Colliding events (repeated ids, purchase lines with missing parts, non-ASCII) and plain ones, each session numbered or not as a reader leaves it.</summary>
    private static EventColumns Mixed(int seed)
    {
        var columns = new EventColumns();
        foreach (var e in MixedShopEvents.Generate(seed, 400, Noon).Concat(RandomShopEvents.Generate(seed, 200, Noon)))
        {
            columns.Add(e);
        }

        _ = columns.Session(3); // one non-search session numbered on ask: stored as it is
        columns.CountDuplicate();
        return columns;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Decode_GivesBackEveryRowAndTheSources(int seed)
    {
        var columns = Mixed(seed);
        string[] sources = ["events/dt=2026-12-06/hh=12/a-0000000000.jsonl.gz", "events/dt=2026-12-06/hh=12/é-0000000001.jsonl.gz"];

        var (decoded, decodedSources) = EventColumnsFile.Decode(EventColumnsFile.Encode(columns, sources));

        Assert.Equal(EventColumnRows.Of(columns), EventColumnRows.Of(decoded));
        Assert.Equal(sources, decodedSources);
        Assert.Equal(columns.Duplicates, decoded.Duplicates);
        Assert.Equal(columns.Strings.Count, decoded.Strings.Count);
        Assert.Equal(columns.SessionId(5).ToArray(), decoded.SessionId(5).ToArray());
        // The table read whole finds and adds strings like one built by adding them.
        var some = columns.Strings[columns.Strings.Count / 2];
        Assert.Equal(columns.Strings.Find(some), decoded.Strings.Find(some));
        Assert.Equal(EventColumns.None, decoded.Strings.Find("not-in-the-table"));
        Assert.Equal(columns.Strings.Count, decoded.Strings.Intern("not-in-the-table"));
    }

    [Fact]
    public void Decode_OfNoEvents_GivesNoRows()
    {
        var (decoded, sources) = EventColumnsFile.Decode(EventColumnsFile.Encode(new EventColumns(), []));

        Assert.Equal(0, decoded.Count);
        Assert.Empty(sources);
    }

    [Fact]
    public void Encode_TheSameEvents_IsTheSameBytes()
    {
        // Two compactors of one hour racing write the same object.
        Assert.Equal(EventColumnsFile.Encode(Mixed(4), ["a"]), EventColumnsFile.Encode(Mixed(4), ["a"]));
    }

    [Fact]
    public void Decode_OfAnObjectCutShortAnywhere_SaysSo_AndNothingElse()
    {
        var columns = EventColumnsFile.Encode(Mixed(5), ["a"]);
        var payload = Gunzip(columns);

        for (var length = 0; length < payload.Length; length += Math.Max(1, payload.Length / 300))
        {
            Assert.Throws<InvalidDataException>(() => EventColumnsFile.Decode(Gzip(payload[..length])));
        }

        Assert.Throws<InvalidDataException>(() => EventColumnsFile.Decode(columns[..(columns.Length / 2)]));
        Assert.Throws<InvalidDataException>(() => EventColumnsFile.Decode(Gzip([.. payload, 0])));
    }

    [Fact]
    public void Decode_OfWhatIsNotACompactedObject_SaysSo()
    {
        var other = Assert.Throws<InvalidDataException>(() => EventColumnsFile.Decode(Gzip("{\"id\":\"e1\"}\n"u8.ToArray())));
        Assert.Contains("ECMLCOLS", other.Message, StringComparison.Ordinal);

        var payload = Gunzip(EventColumnsFile.Encode(Mixed(6), []));
        payload[8] = 2; // the version
        var version = Assert.Throws<InvalidDataException>(() => EventColumnsFile.Decode(Gzip(payload)));
        Assert.Contains("version 2", version.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_OfDamagedColumns_ThrowsInvalidData_NeverAnythingElse()
    {
        // Every byte of the columns changed in turn (to a value far from what was there): the decoder either reads
        // events that are still well-formed (a changed time or id) or refuses the object — it never crashes a reader,
        // and it never hands on a number outside the string table.
        var payload = Gunzip(EventColumnsFile.Encode(Mixed(7), ["a"]));
        var refused = 0;
        for (var at = 0; at < payload.Length; at += Math.Max(1, payload.Length / 2000))
        {
            var damaged = (byte[])payload.Clone();
            damaged[at] ^= 0x80;
            try
            {
                var (decoded, _) = EventColumnsFile.Decode(Gzip(damaged));
                _ = EventColumnRows.Of(decoded);
            }
            catch (InvalidDataException)
            {
                refused++;
            }
        }

        Assert.True(refused > 0);
    }

    private static byte[] Gzip(byte[] payload)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(payload);
        }

        return output.ToArray();
    }

    private static byte[] Gunzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress))
        {
            gzip.CopyTo(output);
        }

        return output.ToArray();
    }
}
