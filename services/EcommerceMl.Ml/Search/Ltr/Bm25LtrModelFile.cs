using EcommerceMl.Ml.Recommendation;
using EcommerceMl.Ml.Trees;

namespace EcommerceMl.Ml.Search.Ltr;

/// <summary>
/// The <c>bm25-ltr</c> model file (little-endian, <see cref="ModelFile"/>'s building blocks): the marker "ECMLSLTR" and
/// format version; the BM25 index as <see cref="ProductIndexFile"/> writes it (length-prefixed); the re-ranking
/// settings; each product's popularity; the search history; the ranker's trees (when learnt); the recommendation model
/// customer affinity comes from (its algorithm and <see cref="RecommenderFile"/> bytes, when there is one); an end
/// marker. Reading checks every part against the index (sizes, document numbers), so a damaged file is refused.
/// </summary>
public static class Bm25LtrModelFile
{
    public const int FormatVersion = 1;

    private const string What = "bm25-ltr search model";

    private static ReadOnlySpan<byte> Magic => "ECMLSLTR"u8;

    public static void Write(Stream stream, Bm25LtrSearchModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var writer = ModelFile.OpenWriter(stream, Magic, FormatVersion);
        BinaryArrays.Write<byte>(writer, Bytes(s => ProductIndexFile.Write(s, model.Index)));
        var settings = model.Settings;
        writer.Write(settings.Candidates);
        writer.Write(settings.RankerDays);
        writer.Write(settings.Smoothing);
        BinaryStrings.Write(writer, settings.Affinity);
        writer.Write(settings.PopularityWeight);
        writer.Write(settings.Ranker.Trees);
        writer.Write(settings.Ranker.Leaves);
        writer.Write(settings.Ranker.LearningRate);
        writer.Write(settings.Ranker.MinRowsPerLeaf);
        writer.Write(settings.Ranker.Seed);
        BinaryArrays.Write<float>(writer, [.. model.Popularity]);
        model.History.Write(writer);
        writer.Write(model.Ranker is null ? (byte)0 : (byte)1);
        model.Ranker?.Write(writer);
        var recommender = model.Affinity?.Recommender;
        writer.Write(recommender is null ? (byte)0 : (byte)1);
        if (recommender is not null)
        {
            BinaryStrings.Write(writer, recommender.Algorithm);
            BinaryArrays.Write<byte>(writer, Bytes(recommender.Save));
        }

        writer.Write(ModelFile.EndMarker);
    }

    /// <summary>Reads what <see cref="Write"/> wrote; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static Bm25LtrSearchModel Read(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        using var reader = new SafeReader(stream, What);
        reader.ReadHeader(Magic, FormatVersion);
        var index = ProductIndexFile.Read(new MemoryStream(reader.ReadArray<byte>("search index")));
        var candidates = reader.ReadInt32("candidates", 1, 100_000);
        var rankerDays = reader.ReadInt32("ranker days", 1, 100_000);
        var smoothing = reader.ReadFiniteDouble("smoothing");
        var affinity = reader.ReadString("affinity algorithm");
        var popularityWeight = reader.ReadFiniteDouble("popularity weight");
        var options = new SearchRankerOptions(
            reader.ReadInt32("trees", 1, 100_000), reader.ReadInt32("leaves", 2, 100_000), reader.ReadFiniteDouble("learning rate"),
            reader.ReadInt32("rows per leaf", 1, int.MaxValue), reader.ReadInt32("seed"));
        if (smoothing <= 0 || popularityWeight < 0)
        {
            throw reader.Malformed($"its smoothing ({smoothing}) or popularity weight ({popularityWeight}) is out of range");
        }

        var popularity = reader.ReadArray<float>("popularity", index.Count);
        if (!popularity.All(p => float.IsFinite(p) && p >= 0))
        {
            throw reader.Malformed("a product's popularity is negative or not a number");
        }

        var history = SearchHistory.Read(reader, index.Count);
        var ranker = reader.ReadByte("ranker flag") switch
        {
            0 => null,
            1 => TreeEnsemble.Read(reader, SearchFeatures.Count),
            var flag => throw reader.Malformed($"its ranker flag is {flag}"),
        };
        CustomerAffinity? customers = null;
        switch (reader.ReadByte("recommendation model flag"))
        {
            case 0:
                break;
            case 1:
                var algorithm = reader.ReadString("recommendation algorithm");
                if (RecommendationPipeline.FindAlgorithm(algorithm) is null)
                {
                    throw reader.Malformed($"its recommendation algorithm '{algorithm}' is unknown");
                }

                customers = new CustomerAffinity(RecommendationPipeline.LoadRecommender(algorithm, new MemoryStream(reader.ReadArray<byte>("recommendation model"))));
                break;
            case var flag:
                throw reader.Malformed($"its recommendation model flag is {flag}");
        }

        reader.ReadEndMarker();
        reader.ReadEnd();
        var settings = new Bm25LtrSettings(index.Settings, candidates, rankerDays, smoothing, affinity, popularityWeight, options);
        return new Bm25LtrSearchModel(index, ranker, history, popularity, customers, settings);
    }

    private static byte[] Bytes(Action<Stream> write)
    {
        using var buffer = new MemoryStream();
        write(buffer);
        return buffer.ToArray();
    }
}
