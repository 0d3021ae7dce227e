using BenchmarkDotNet.Attributes;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Bench;

/// <summary>
/// The recommendation kernels on an ml-100k-sized binary matrix (943 customers × 1,682 products,
/// ~75k interactions — the 75 % training side of ml-100k — with Zipf-like product popularity),
/// generated from a fixed seed so the benchmark needs no data files.
/// </summary>
/// <remarks>In-process: no per-job rebuild of the project, which on these shared machines costs more than the runs.</remarks>
[MemoryDiagnoser]
[InProcess]
[WarmupCount(2)]
[IterationCount(8)]
public class KernelBenchmarks
{
    private const int Customers = 943;
    private const int Products = 1682;

    private int[] _offsets = [];
    private int[] _items = [];

    [GlobalSetup]
    public void Setup() => (_offsets, _items) = RandomMatrix.Zipf(Customers, Products, interactionsPerCustomer: 80, seed: 42);

    [Benchmark]
    public ItemNeighbours ItemCosineFit() => ItemCosineKernel.Fit(Products, _offsets, _items, new ItemCosineOptions());

    [Benchmark]
    public float[] EaseFit() => EaseKernel.Fit(Products, _offsets, _items, 400, null).Weights;

    [Benchmark]
    public float[] AlsFit64Factors15Iterations() =>
        AlsKernel.Fit(Customers, Products, _offsets, _items, new AlsOptions(64, 15, 40, 4, 3, 42), null).Items;
}
