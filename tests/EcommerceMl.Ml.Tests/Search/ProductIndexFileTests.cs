using EcommerceMl.Ml.Search;

namespace EcommerceMl.Ml.Tests.Search;

public sealed class ProductIndexFileTests
{
    [Fact]
    public void Read_OfWhatWriteWrote_SearchesAlike()
    {
        var index = SearchCatalogue.Index();

        var read = ProductIndexFile.Read(new MemoryStream(Written(index)));

        foreach (var text in new[] { "blue lamp", "pilow", "candles lighting" })
        {
            var query = new SearchQuery(text, 10);
            Assert.Equal(index.Search(query).Hits, read.Search(query).Hits);
        }

        Assert.Equal(index.Suggest("bl", 5), read.Suggest("bl", 5));
        Assert.Equal(index.Documents, read.Documents);
    }

    [Fact]
    public void Read_OfATruncatedFile_SaysSo()
    {
        var bytes = Written(SearchCatalogue.Index());

        var error = Assert.Throws<InvalidDataException>(() => ProductIndexFile.Read(new MemoryStream(bytes[..^9])));

        Assert.StartsWith("Not a valid search index file", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OfAnyFlippedByte_RefusesOrReadsAnIndexThatSearches()
    {
        // Integrity is the manifest's sha256; this is the reader's own guard: a damaged file never crashes a search.
        var bytes = Written(SearchCatalogue.Index());
        for (var i = 0; i < bytes.Length; i += 7)
        {
            var damaged = (byte[])bytes.Clone();
            damaged[i] ^= 0x5A;
            try
            {
                var read = ProductIndexFile.Read(new MemoryStream(damaged));
                read.Search(new SearchQuery("blue lamp pilow", 10));
                read.Suggest("bl", 5);
            }
            catch (InvalidDataException)
            {
            }
        }
    }

    private static byte[] Written(ProductIndex index)
    {
        using var stream = new MemoryStream();
        ProductIndexFile.Write(stream, index);
        return stream.ToArray();
    }
}
