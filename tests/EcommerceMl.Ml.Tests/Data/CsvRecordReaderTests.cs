using EcommerceMl.Ml.Data.Csv;

namespace EcommerceMl.Ml.Tests.Data;

public class CsvRecordReaderTests
{
    private static List<(int Line, string[] Fields, string? Error)> Parse(string text)
    {
        using var reader = new CsvRecordReader(new StringReader(text));
        var result = new List<(int, string[], string?)>();
        var fields = new List<string>();
        while (reader.TryReadRecord(fields))
        {
            result.Add((reader.RecordLine, fields.ToArray(), reader.RecordError));
        }

        return result;
    }

    [Fact]
    public void Read_QuotedCommasDoubledQuotesAndNewlines_AreFieldContent()
    {
        var records = Parse("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\nplain,,end\n");

        Assert.Equal(3, records.Count);
        Assert.Equal(["x, y", "say \"hi\"", "two\nlines"], records[1].Fields);
        Assert.Equal(["plain", "", "end"], records[2].Fields);
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Read_AfterQuotedNewlines_ReportsPhysicalStartLines()
    {
        var records = Parse("h1,h2\r\n\"a\r\nb\r\nc\",1\r\nnext,2\r\n\r\nlast,3");

        Assert.Equal([1, 2, 5, 7], records.Select(r => r.Line));
        Assert.Equal(["last", "3"], records[3].Fields);
    }

    [Fact]
    public void Read_BareCarriageReturns_CountAsLineBreaks()
    {
        var records = Parse("a\rb\rc");

        Assert.Equal([1, 2, 3], records.Select(r => r.Line));
    }

    [Fact]
    public void Read_UnterminatedQuote_IsReportedOnTheRecord()
    {
        var records = Parse("a,b\n1,\"never closed\n2,3\n");

        Assert.Equal(2, records.Count);
        Assert.Contains("never closed", records[1].Error, StringComparison.Ordinal);
        Assert.Equal(2, records[1].Line);
    }

    [Fact]
    public void Read_StrayQuoteInPlainField_IsReported()
    {
        var records = Parse("a,b\n1,ab\"c\n");

        Assert.Contains("column 2", records[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_TextAfterClosingQuote_IsReported()
    {
        var records = Parse("a,b\n\"x\"y,2\n");

        Assert.Contains("after its closing quote", records[1].Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Escape_ThenRead_GivesBackTheValue()
    {
        string[] values = ["plain", "with,comma", "with \"quotes\"", "multi\nline", " padded ", ""];
        var line = string.Join(",", values.Select(ShopCsvFormat.Escape));

        var records = Parse(line + "\n");

        Assert.Equal(values, records.Single().Fields);
    }

    [Fact]
    public void Read_FieldsLongerThanTheReadBuffer_AreReadWhole()
    {
        // The reader refills a 64 Ki-character buffer; these fields span several refills, plain and quoted.
        var plain = new string('p', 150_000);
        var quoted = string.Concat(Enumerable.Repeat("q,\"\"\n", 40_000));

        var records = Parse($"{plain},\"{quoted}\"\n{plain}");

        Assert.Equal(2, records.Count);
        Assert.Equal([plain, quoted.Replace("\"\"", "\"", StringComparison.Ordinal)], records[0].Fields);
        Assert.Equal([plain], records[1].Fields);
        Assert.All(records, r => Assert.Null(r.Error));
    }

    [Fact]
    public void Read_WhenAQuotedFieldIsNeverClosed_SaysWhichColumn()
    {
        var records = Parse("a,\"open\nstill open");

        Assert.Equal("column 2 opens a quoted field that is never closed", Assert.Single(records).Error);
    }
}
