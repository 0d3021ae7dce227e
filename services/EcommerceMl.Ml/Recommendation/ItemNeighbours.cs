namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Each product's kept neighbours, best first, in CSR form: product <c>i</c>'s neighbours are
/// positions <c>Offsets[i]..Offsets[i + 1]</c> of <see cref="Neighbour"/>, <see cref="Score"/> and
/// <see cref="CoBuyers"/>; a neighbour's rank is its position within the row, plus one.
/// </summary>
public sealed record ItemNeighbours(int[] Offsets, int[] Neighbour, float[] Score, int[] CoBuyers)
{
    public int ProductCount => Offsets.Length - 1;

    public int Start(int product) => Offsets[product];

    public int Count(int product) => Offsets[product + 1] - Offsets[product];

    internal void Write(BinaryWriter writer)
    {
        BinaryArrays.Write<int>(writer, Neighbour);
        BinaryArrays.Write<float>(writer, Score);
        BinaryArrays.Write<int>(writer, CoBuyers);
        BinaryArrays.Write<int>(writer, Offsets);
    }

    internal static ItemNeighbours Read(SafeReader reader, int productCount)
    {
        var neighbour = reader.ReadIndices("neighbour products", productCount);
        var score = reader.ReadArray<float>("neighbour scores", neighbour.Length);
        var coBuyers = reader.ReadArray<int>("neighbour co-buyer counts", neighbour.Length);
        var offsets = reader.ReadOffsets("neighbour offsets", productCount, neighbour.Length);
        foreach (var value in score)
        {
            if (!float.IsFinite(value))
            {
                throw reader.Malformed("a neighbour score is not a finite number");
            }
        }

        return new ItemNeighbours(offsets, neighbour, score, coBuyers);
    }
}
