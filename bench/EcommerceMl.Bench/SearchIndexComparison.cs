using System.Diagnostics;
using System.Globalization;
using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.En;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace EcommerceMl.Bench;

/// <summary>
/// <c>search-index</c>: the compact index of EcommerceMl.Ml against Lucene.NET 4.8 (EnglishAnalyzer: the same Porter
/// stemmer and stop words; BM25Similarity; FuzzyQuery with one edit for a word of 5+ letters the index does not hold)
/// on one generated catalogue: build time, size (our model file; Lucene's index folder after a merge to one segment),
/// managed memory after build, and single-thread query latency over known-item queries, with their recall@10 and MRR
/// so the two are seen to answer alike, and the process's CPU time per query (robust to a busy machine's preemption).
/// One line per engine, tab-separated.
/// </summary>
internal static class SearchIndexComparison
{
    private static readonly string[] Fields = ["name", "category", "description", "attributes"];

    public static int Run(int products, int queries, string work)
    {
        var documents = SearchCatalogue.Documents(products, 42);
        var known = KnownItemQueries.Draw(documents, queries, 0.3, 43);
        Console.WriteLine($"catalogue {products} products, {known.Count} known-item queries (30% with a typo); load {Load()}");
        Console.WriteLine("engine\tbuild_s\tsize_mb\tmanaged_mb\tp50_ms\tp99_ms\tmean_ms\tcpu_ms_per_query\trecall_at_10\tmrr");
        Own(documents, known);
        Lucene(documents, known, work);
        Console.WriteLine($"load after {Load()}");
        return 0;
    }

    private static void Own(List<SearchDocument> documents, IReadOnlyList<KnownItemQuery> known)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.GetTimestamp();
        var index = ProductIndexBuilder.Build(documents, Bm25Settings.Default);
        var build = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var managed = GC.GetTotalMemory(forceFullCollection: true) - before;
        using var file = new MemoryStream();
        ProductIndexFile.Write(file, index);
        Report("compact (ours)", build, file.Length, managed, known, q => [.. index.Search(q).Hits.Select(h => h.ProductId)]);
        GC.KeepAlive(index);
    }

    private static void Lucene(List<SearchDocument> documents, IReadOnlyList<KnownItemQuery> known, string work)
    {
        var folder = Path.Combine(work, "lucene-index");
        if (System.IO.Directory.Exists(folder))
        {
            System.IO.Directory.Delete(folder, recursive: true);
        }

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var started = Stopwatch.GetTimestamp();
        using var analyzer = new EnglishAnalyzer(LuceneVersion.LUCENE_48);
        using LuceneDirectory directory = FSDirectory.Open(folder);
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, analyzer)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(),
            RAMBufferSizeMB = 256,
        };
        using (var writer = new IndexWriter(directory, config))
        {
            foreach (var document in documents)
            {
                var doc = new Document { new StringField("id", document.ProductId, Field.Store.YES) };
                for (var f = 0; f < Fields.Length; f++)
                {
                    doc.Add(new TextField(Fields[f], document.Field(f), Field.Store.YES));
                }

                writer.AddDocument(doc);
            }

            writer.ForceMerge(1);
            writer.Commit();
        }

        var build = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var size = new DirectoryInfo(folder).EnumerateFiles().Sum(f => f.Length);
        using var reader = DirectoryReader.Open(directory);
        var managed = GC.GetTotalMemory(forceFullCollection: true) - before;
        var searcher = new IndexSearcher(reader) { Similarity = new BM25Similarity() };
        var weights = Bm25Settings.Default.FieldWeights;
        Report("lucene.net 4.8.0-beta00018", build, size, managed, known, q =>
        {
            var query = new BooleanQuery();
            foreach (var (word, term) in Analyse(analyzer, q.Text))
            {
                var any = Fields.Any(f => reader.DocFreq(new Term(f, term)) > 0);
                var perWord = new BooleanQuery();
                for (var f = 0; f < Fields.Length; f++)
                {
                    perWord.Add(any || word.Length < TypoMatcher.MinLength
                        ? new TermQuery(new Term(Fields[f], term)) { Boost = (float)weights[f] }
                        : new FuzzyQuery(new Term(Fields[f], term), 1) { Boost = (float)weights[f] * ProductIndex.TypoWeight }, Occur.SHOULD);
                }

                query.Add(perWord, Occur.SHOULD);
            }

            var top = searcher.Search(query, q.Limit);
            return [.. top.ScoreDocs.Select(s => searcher.Doc(s.Doc).Get("id"))];
        });
    }

    /// <summary>The query's words as typed and as the analyser indexes them (stemmed, stop words out).</summary>
    private static List<(string Word, string Term)> Analyse(Analyzer analyzer, string text)
    {
        var terms = new List<(string, string)>();
        using var stream = analyzer.GetTokenStream("name", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add((text[offset.StartOffset..offset.EndOffset], term.ToString()));
        }

        stream.End();
        return terms;
    }

    private static void Report(string engine, double build, long bytes, long managed, IReadOnlyList<KnownItemQuery> known, Func<SearchQuery, List<string>> search)
    {
        foreach (var q in known.Take(200))
        {
            search(new SearchQuery(q.Text, 10));
        }

        var latencies = new double[known.Count];
        var ranks = new int[known.Count];
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        for (var i = 0; i < known.Count; i++)
        {
            var started = Stopwatch.GetTimestamp();
            var ids = search(new SearchQuery(known[i].Text, 10));
            latencies[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            ranks[i] = ids.IndexOf(known[i].ProductId) + 1;
        }

        // CPU time per query: on a machine shared with other builds, wall-clock percentiles include time the process
        // was not running at all; the process's CPU time over the loop does not.
        var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalMilliseconds / known.Count;
        Array.Sort(latencies);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{engine}\t{build:0.00}\t{bytes / 1048576.0:0.0}\t{managed / 1048576.0:0.0}\t{Percentile(latencies, 0.5):0.000}\t{Percentile(latencies, 0.99):0.000}\t{latencies.Average():0.000}\t{cpu:0.000}\t{ranks.Count(r => r > 0) / (double)ranks.Length:0.000}\t{ranks.Sum(r => r > 0 ? 1.0 / r : 0) / ranks.Length:0.000}"));
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";
}
