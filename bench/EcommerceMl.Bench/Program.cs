using System.Globalization;
using BenchmarkDotNet.Running;
using EcommerceMl.Bench;

// Modes:
//   kernels [BenchmarkDotNet args]                  kernel timings on an ml-100k-sized matrix (BenchmarkDotNet)
//   scale [products,…] [interactions,…] [algorithms,…] [data directory]
//                                                   fit / peak memory / recommend-all / model size, one child process per run
//   scale-one <algorithm> <shop file> [key=value …] one such run (what `scale` starts); prints one result line
//   ease-sizes <n,…>                                EASE's fit time and peak memory by modelled products (its default N)
//   search-index [products] [queries] [work dir]    the compact search index against Lucene.NET: build, size, query latency
//   search-profile <model.bin> <queries> [limit]    one /v1/search's work in process (search + highlights), CPU per query
//   search-catalogue <products> <folder>            a generated catalogue as canonical CSVs, for `ecml train --task search`
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
    case "ease-sizes" when args.Length == 2:
        return EaseSizes.Run(Ints(args[1]));
    case "search-index":
        return SearchIndexComparison.Run(
            int.Parse(args.ElementAtOrDefault(1) ?? "100000", CultureInfo.InvariantCulture),
            int.Parse(args.ElementAtOrDefault(2) ?? "5000", CultureInfo.InvariantCulture),
            args.ElementAtOrDefault(3) ?? Path.Combine(Path.GetTempPath(), "ecml-search"));
    case "search-profile" when args.Length >= 3:
        return SearchProfile.Run(args[1], args[2], int.Parse(args.ElementAtOrDefault(3) ?? "20", CultureInfo.InvariantCulture));
    case "search-catalogue" when args.Length == 3:
        return SearchCatalogue.Write(int.Parse(args[1], CultureInfo.InvariantCulture), args[2]);
    default:
        await Console.Error.WriteLineAsync(
            "usage: kernels [BenchmarkDotNet args] | scale [products,…] [interactions,…] [algorithms,…] [data dir] | scale-one <algorithm> <shop file> [key=value …] | ease-sizes <n,…> | search-index [products] [queries] [work dir] | search-catalogue <products> <folder>");
        return 2;
}

static int[] Ints(string list) => [.. list.Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
