namespace EcommerceMl.Bench;

/// <summary>Seeded binary customer × product CSR matrices with a long-tailed product popularity.</summary>
internal static class RandomMatrix
{
    public static (int[] Offsets, int[] Items) Zipf(int customers, int products, int interactionsPerCustomer, int seed)
    {
        var random = new Random(seed);
        var cumulative = new double[products];
        var total = 0.0;
        for (var p = 0; p < products; p++)
        {
            total += 1 / Math.Pow(p + 1, 0.8);
            cumulative[p] = total;
        }

        var offsets = new int[customers + 1];
        var items = new List<int>(customers * interactionsPerCustomer);
        var chosen = new SortedSet<int>();
        for (var u = 0; u < customers; u++)
        {
            chosen.Clear();
            var count = Math.Min(products, 20 + random.Next(2 * interactionsPerCustomer));
            while (chosen.Count < count)
            {
                var index = Array.BinarySearch(cumulative, random.NextDouble() * total);
                chosen.Add(index < 0 ? Math.Min(products - 1, ~index) : index);
            }

            items.AddRange(chosen);
            offsets[u + 1] = items.Count;
        }

        return (offsets, [.. items]);
    }
}
