using System.Globalization;
using BenchmarkDotNet.Running;
using EcommerceMl.Bench;

// Modes:
//   kernels [BenchmarkDotNet args]                  kernel timings on an ml-100k-sized matrix (BenchmarkDotNet)
//   scale [products,…] [interactions,…] [algorithms,…] [data directory]
//                                                   fit / peak memory / recommend-all / model size, one child process per run
//   scale-one <algorithm> <shop file> [key=value …] one such run (what `scale` starts); prints one result line
//   als-fit <shop file> [iterations] [factors]     the ALS kernel alone on a cached `scale` shop: wall and CPU seconds per iteration
//   als-recommend <shop file> [customers]           ALS recommend-all, one customer at a time against blocks: CPU per customer, one thread
//   ease-sizes <n,…>                                EASE's fit time and peak memory by modelled products (its default N)
//   events-read [events per day] [days] [folder] [pass]    events/s a training run reads from the event sink (bytes, gunzip, parse)
//   search-index [products] [queries] [work dir]    the compact search index against Lucene.NET: build, size, query latency
//   search-profile <model.bin> <queries> [limit]    one /v1/search's work in process (search + highlights), CPU per query
//   search-costs <model.bin> <queries> [limit] [repeats]  each query's cost (median of its runs): the distribution and the tail
//   search-catalogue <products> <folder>            a generated catalogue as canonical CSVs, for `ecml train --task search`
//   search-sessions [seeds,…]                       nDCG@10 of bm25 and bm25-ltr on the synthetic shop's held-out search sessions
//   batch-model <store> <customers> <products> <algorithm>   a recommender knowing that many customers, published for `ecml predict batch`
//   batch-parts <store> <model> <db>                scoring alone and the binary COPY alone of every customer's top-10
//   batch-csv-parts <store> <model>                 the same rows as plain CSV text and as the gzip CSV part a shard writes
switch (args.FirstOrDefault())
{
    case "kernels":
        BenchmarkSwitcher.FromTypes([typeof(KernelBenchmarks)]).Run(args[1..]);
        return 0;
    case "scale":
        return ScaleRun.Grid(
            Ints(args.ElementAtOrDefault(1) ?? "10000,50000,100000"),
            Ints(args.ElementAtOrDefault(2) ?? "1000000,5000000,10000000"),
            (args.ElementAtOrDefault(3) ?? string.Join(',', ScaleRun.Algorithms)).Split(','),
            args.ElementAtOrDefault(4) ?? Path.Combine(Path.GetTempPath(), "ecml-scale"));
    case "scale-one" when args.Length >= 3:
        return ScaleRun.One(args[1], args[2], args[3..].Select(a => a.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal));
    case "batch-model" when args.Length == 5:
        return await BatchBench.ModelAsync(args[1], int.Parse(args[2], CultureInfo.InvariantCulture), int.Parse(args[3], CultureInfo.InvariantCulture), args[4]);
    case "batch-parts" when args.Length == 4:
        return await BatchBench.PartsAsync(args[1], args[2], args[3]);
    case "als-fit" when args.Length >= 2:
        return AlsFitRun.Run(
            args[1],
            int.Parse(args.ElementAtOrDefault(2) ?? "15", CultureInfo.InvariantCulture),
            int.Parse(args.ElementAtOrDefault(3) ?? "64", CultureInfo.InvariantCulture));
    case "als-recommend" when args.Length >= 2:
        return ScaleRecommendAll.Run(args[1], int.Parse(args.ElementAtOrDefault(2) ?? "2000", CultureInfo.InvariantCulture));
    case "batch-csv-parts" when args.Length == 3:
        return await BatchBench.CsvPartsAsync(args[1], args[2]);
    case "ease-sizes" when args.Length == 2:
        return EaseSizes.Run(Ints(args[1]));
    case "events-read":
        return await EventsRead.RunAsync(
            int.Parse(args.ElementAtOrDefault(1) ?? "50000", CultureInfo.InvariantCulture),
            int.Parse(args.ElementAtOrDefault(2) ?? "90", CultureInfo.InvariantCulture),
            args.ElementAtOrDefault(3) ?? Path.Combine(Path.GetTempPath(), "ecml-events-read"),
            args.ElementAtOrDefault(4));
    case "search-index":
        return SearchIndexComparison.Run(
            int.Parse(args.ElementAtOrDefault(1) ?? "100000", CultureInfo.InvariantCulture),
            int.Parse(args.ElementAtOrDefault(2) ?? "5000", CultureInfo.InvariantCulture),
            args.ElementAtOrDefault(3) ?? Path.Combine(Path.GetTempPath(), "ecml-search"));
    case "search-profile" when args.Length >= 3:
        return SearchProfile.Run(args[1], args[2], int.Parse(args.ElementAtOrDefault(3) ?? "20", CultureInfo.InvariantCulture));
    case "search-costs" when args.Length >= 3:
        return SearchQueryCosts.Run(
            args[1], args[2], int.Parse(args.ElementAtOrDefault(3) ?? "20", CultureInfo.InvariantCulture), int.Parse(args.ElementAtOrDefault(4) ?? "15", CultureInfo.InvariantCulture));
    case "search-catalogue" when args.Length == 3:
        return SearchCatalogue.Write(int.Parse(args[1], CultureInfo.InvariantCulture), args[2]);
    case "search-sessions":
        return SearchSessionsRun.Run(Ints(args.ElementAtOrDefault(1) ?? "42,43,44"));
    default:
        await Console.Error.WriteLineAsync(
            "usage: kernels [BenchmarkDotNet args] | scale [products,…] [interactions,…] [algorithms,…] [data dir] | scale-one <algorithm> <shop file> [key=value …] | als-fit <shop file> [iterations] [factors] | als-recommend <shop file> [customers] | ease-sizes <n,…> | events-read [events per day] [days] [folder] [pass] | search-index [products] [queries] [work dir] | search-profile <model.bin> <queries> [limit] | search-costs <model.bin> <queries> [limit] [repeats] | search-catalogue <products> <folder> | search-sessions [seeds,…] | batch-model <store> <customers> <products> <algorithm> | batch-parts <store> <model> <db> | batch-csv-parts <store> <model>");
        return 2;
}

static int[] Ints(string list) => [.. list.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
