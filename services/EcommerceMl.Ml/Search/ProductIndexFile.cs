namespace EcommerceMl.Ml.Search;

/// <summary>
/// The index as stored in the model file (little-endian, <see cref="ModelFile"/>'s building blocks): the marker
/// "ECMLSRCH" and format version, BM25's settings, the documents' texts, the sorted terms, the postings (their total, CSR offsets,
/// documents, a frequency byte per field), the field lengths, the sorted words and their terms, an end marker.
/// Reading checks every count, index, order and bound, so a damaged file is refused with what is wrong, never served.
/// </summary>
public static class ProductIndexFile
{
    public const int FormatVersion = 1;

    private const string What = "search index";

    private const int Fields = SearchFieldOrder.Count;

    private static ReadOnlySpan<byte> Magic => "ECMLSRCH"u8;

    public static void Write(Stream stream, ProductIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        using var writer = ModelFile.OpenWriter(stream, Magic, FormatVersion);
        writer.Write(index.Settings.K1);
        writer.Write(index.Settings.B);
        BinaryArrays.Write<double>(writer, [.. index.Settings.FieldWeights]);
        writer.Write(index.Count);
        foreach (var document in index.Documents)
        {
            for (var f = -1; f < Fields; f++)
            {
                BinaryStrings.Write(writer, f < 0 ? document.ProductId : document.Field(f));
            }
        }

        BinaryStrings.WriteAll(writer, index.Terms);
        writer.Write(index.PostingDocuments.Length);
        BinaryArrays.Write<int>(writer, index.TermOffsets);
        BinaryArrays.Write<int>(writer, index.PostingDocuments);
        BinaryArrays.Write<byte>(writer, index.PostingFrequencies);
        BinaryArrays.Write<ushort>(writer, index.FieldLengths);
        BinaryStrings.WriteAll(writer, index.Words);
        BinaryArrays.Write<int>(writer, index.WordTerms);
        writer.Write(ModelFile.EndMarker);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static ProductIndex Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new SafeReader(stream, What);
        reader.ReadHeader(Magic, FormatVersion);
        var k1 = reader.ReadFiniteDouble("k1");
        var b = reader.ReadFiniteDouble("b");
        var weights = reader.ReadFiniteArray("field weights", Fields);
        if (k1 < 0 || b is < 0 or > 1 || weights.Any(w => w < 0))
        {
            throw reader.Malformed($"its BM25 settings (k1 {k1}, b {b}, weights {string.Join(", ", weights)}) are out of range");
        }

        var count = reader.ReadCount("number of products");
        var documents = new SearchDocument[count];
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var d = 0; d < count; d++)
        {
            documents[d] = new SearchDocument(
                reader.ReadString("product id"), reader.ReadString("product name"), reader.ReadString("product category"),
                reader.ReadString("product description"), reader.ReadString("product attributes"));
            if (!ids.Add(documents[d].ProductId))
            {
                throw reader.Malformed($"product '{documents[d].ProductId}' is in it twice");
            }
        }

        var terms = reader.ReadStrings("terms");
        RequireSortedDistinct(reader, terms, "terms");
        var postingsTotal = reader.ReadCount("number of postings");
        var offsets = reader.ReadOffsets("term offsets", terms.Length, postingsTotal);
        var postingDocuments = reader.ReadIndices("posting documents", count, postingsTotal);
        var frequencies = reader.ReadArray<byte>("posting frequencies", postingsTotal * Fields);
        RequirePostings(reader, offsets, postingDocuments, frequencies);
        var lengths = reader.ReadArray<ushort>("field lengths", count * Fields);
        var words = reader.ReadStrings("words");
        RequireSortedDistinct(reader, words, "words");
        var wordTerms = reader.ReadIndices("word terms", terms.Length, words.Length);
        reader.ReadEndMarker();
        reader.ReadEnd();
        return new ProductIndex(documents, new Bm25Settings(k1, b, weights), terms, offsets, postingDocuments, frequencies, lengths, words, wordTerms);
    }

    private static void RequireSortedDistinct(SafeReader reader, string[] values, string what)
    {
        for (var i = 1; i < values.Length; i++)
        {
            if (string.CompareOrdinal(values[i - 1], values[i]) >= 0)
            {
                throw reader.Malformed($"its {what} are not sorted and distinct at entry {i}");
            }
        }
    }

    /// <summary>Each term's documents strictly ascending, and each posting present in at least one field.</summary>
    private static void RequirePostings(SafeReader reader, int[] offsets, int[] documents, byte[] frequencies)
    {
        for (var t = 0; t + 1 < offsets.Length; t++)
        {
            for (var p = offsets[t] + 1; p < offsets[t + 1]; p++)
            {
                if (documents[p] <= documents[p - 1])
                {
                    throw reader.Malformed($"the postings of term {t} are not in ascending document order");
                }
            }
        }

        for (var p = 0; p < documents.Length; p++)
        {
            if (frequencies.AsSpan(p * Fields, Fields).IndexOfAnyExcept((byte)0) < 0)
            {
                throw reader.Malformed($"posting {p} occurs in no field");
            }
        }
    }
}
