namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// The CG half-iteration of <see cref="AlsKernel"/> for the side with fewer rows (a catalogue's products
/// against many customers): all its rows take their CG steps together, and each step's sums over the
/// observed partners are made by one sweep over the other side's rows in memory order — every fixed row
/// read sequentially once per step, instead of gathered at random once per partner (a popular product's
/// hundred thousand buyers fit no cache, so gathering them waits on memory at every step).
/// </summary>
/// <remarks>
/// Each worker owns a range of the target rows, small enough that its rows stay in cache, and sweeps all
/// the fixed rows taking only its own partners: no two workers write one row, and every row's sum is in
/// the fixed rows' order whatever the scheduling. The arithmetic is <see cref="AlsRowSolver"/>'s.
/// </remarks>
internal static class AlsSweepSolver
{
    // A worker's share of the target side (its direction or current rows, read at random, and its product
    // or residual rows, written at random) is kept to about this many bytes, so it stays in cache.
    private const long CacheBudget = 4L << 20;

    /// <summary>
    /// Updates every row t of <paramref name="target"/> by <paramref name="steps"/> CG steps, as
    /// <see cref="AlsRowSolver.Solve"/> does. Row t's partners are <c>targetOffsets</c>' counts; the
    /// sweep reads them from the fixed side: fixed row u's partners are
    /// <c>fixedPartners[fixedOffsets[u]..fixedOffsets[u + 1]]</c>.
    /// </summary>
    public static void Solve(float[] target, float[] fixedFactors, AlsGram gram, int[] targetOffsets, int[] fixedOffsets, int[] fixedPartners, float confidence, int steps)
    {
        var stride = gram.Stride;
        var rows = target.Length / stride;
        var residual = new float[target.Length];
        var direction = new float[target.Length];
        var product = new float[target.Length];
        var squaredResidual = new float[rows];
        var active = new bool[rows];
        var owners = AlsPartitions.Balanced(targetOffsets, 1, Owners(rows, stride));
        var sweep = new Sweep(fixedFactors, fixedOffsets, fixedPartners, stride, owners);
        var perRow = AlsPartitions.Even(rows, 4 * Environment.ProcessorCount);

        // r = b − A·x = −(FᵀF + λI)·x + Σ_obs (c − (c − 1)·f·x)·f
        ForEachRow(perRow, t =>
        {
            var r = residual.AsSpan(t * stride, stride);
            gram.Multiply(target.AsSpan(t * stride, stride), r);
            AlsSimd.Negate(r);
        });
        sweep.Add(target, confidence, -(confidence - 1), residual, active: null);
        ForEachRow(perRow, t =>
        {
            var r = residual.AsSpan(t * stride, stride);
            r.CopyTo(direction.AsSpan(t * stride, stride));
            squaredResidual[t] = AlsSimd.Dot(r, r);
            active[t] = squaredResidual[t] >= AlsKernel.Converged;
        });

        for (var step = 0; step < steps; step++)
        {
            // A·p = (FᵀF + λI)·p + Σ_obs (c − 1)·(f·p)·f
            ForEachRow(perRow, t =>
            {
                if (active[t])
                {
                    gram.Multiply(direction.AsSpan(t * stride, stride), product.AsSpan(t * stride, stride));
                }
            });
            sweep.Add(direction, 0, confidence - 1, product, active);
            ForEachRow(perRow, t =>
            {
                if (active[t])
                {
                    active[t] = Update(target.AsSpan(t * stride, stride), residual.AsSpan(t * stride, stride), direction.AsSpan(t * stride, stride), product.AsSpan(t * stride, stride), ref squaredResidual[t]);
                }
            });
        }
    }

    /// <summary>One CG update of a row from its A·p; false when the row is done.</summary>
    private static bool Update(Span<float> x, Span<float> r, Span<float> p, ReadOnlySpan<float> ap, ref float rsOld)
    {
        var curvature = AlsSimd.Dot(p, ap);
        if (!(curvature > 0))
        {
            return false; // p is numerically zero: nothing left to gain
        }

        var alpha = rsOld / curvature;
        AlsSimd.MultiplyAdd(p, alpha, x, x);
        AlsSimd.MultiplyAdd(ap, -alpha, r, r);
        var rsNew = AlsSimd.Dot(r, r);
        if (rsNew < AlsKernel.Converged)
        {
            return false;
        }

        // p = r + (rsNew / rsOld)·p
        AlsSimd.MultiplyAdd(p, rsNew / rsOld, r, p);
        rsOld = rsNew;
        return true;
    }

    /// <summary>Enough owners for every core, and for each owner's rows to fit <see cref="CacheBudget"/> twice over.</summary>
    private static int Owners(int rows, int stride) =>
        (int)Math.Max(Environment.ProcessorCount, Math.Min(rows, (2L * rows * stride * sizeof(float) / CacheBudget) + 1));

    private static void ForEachRow(int[] ranges, Action<int> body) =>
        Parallel.For(0, ranges.Length - 1, part =>
        {
            for (var t = ranges[part]; t < ranges[part + 1]; t++)
            {
                body(t);
            }
        });

    /// <summary>result[t] += Σ over t's partners u of (constant + slope·(f_u·v_t))·f_u, for every active target row t.</summary>
    private sealed class Sweep(float[] fixedFactors, int[] fixedOffsets, int[] fixedPartners, int stride, int[] owners)
    {
        private readonly int _longestRow = Enumerable.Range(0, fixedOffsets.Length - 1).Select(u => fixedOffsets[u + 1] - fixedOffsets[u]).DefaultIfEmpty(0).Max();

        public void Add(float[] v, float constant, float slope, float[] result, bool[]? active) =>
            Parallel.For(0, owners.Length - 1, owner =>
            {
                int first = owners[owner], end = owners[owner + 1];
                var mine = new int[_longestRow];
                var weights = new float[_longestRow];
                for (var u = 0; u + 1 < fixedOffsets.Length; u++)
                {
                    var count = 0;
                    for (var e = fixedOffsets[u]; e < fixedOffsets[u + 1]; e++)
                    {
                        var t = fixedPartners[e];
                        if (t >= first && t < end && (active is null || active[t]))
                        {
                            mine[count++] = t;
                        }
                    }

                    if (count == 0)
                    {
                        continue;
                    }

                    var f = fixedFactors.AsSpan(u * stride, stride);
                    AlsSimd.AffineOfDots(v, mine.AsSpan(0, count), f, constant, slope, weights, stride);
                    for (var j = 0; j < count; j++)
                    {
                        var row = result.AsSpan(mine[j] * stride, stride);
                        AlsSimd.MultiplyAdd(f, weights[j], row, row);
                    }
                }
            });
    }
}
