namespace EcommerceMl.Ml.Recommendation;

/// <summary>Cuts the rows of a CSR matrix into contiguous ranges of about equal work, for <see cref="Parallel"/> loops.</summary>
internal static class AlsPartitions
{
    /// <summary>
    /// At most <paramref name="parts"/> ranges <c>[bounds[k], bounds[k + 1])</c> covering every row, row t
    /// weighing <paramref name="rowCost"/> plus its observed count — so a range of a few popular products
    /// costs as much as one of many customers with a few purchases each.
    /// </summary>
    public static int[] Balanced(int[] offsets, int rowCost, int parts)
    {
        ArgumentNullException.ThrowIfNull(offsets);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parts);
        var rows = offsets.Length - 1;
        var total = ((long)rows * rowCost) + offsets[rows] - offsets[0];
        var bounds = new List<int>(parts + 1) { 0 };
        var done = 0L;
        for (var t = 0; t < rows; t++)
        {
            done += rowCost + offsets[t + 1] - offsets[t];
            if (done * parts >= total * bounds.Count && t + 1 < rows)
            {
                bounds.Add(t + 1);
            }
        }

        bounds.Add(rows);
        return [.. bounds];
    }

    /// <summary>At most <paramref name="parts"/> ranges of <paramref name="rows"/> rows, as equal in length as can be.</summary>
    public static int[] Even(int rows, int parts)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(parts);
        var count = Math.Max(1, Math.Min(rows, parts));
        return [.. Enumerable.Range(0, count + 1).Select(k => (int)((long)rows * k / count))];
    }
}
