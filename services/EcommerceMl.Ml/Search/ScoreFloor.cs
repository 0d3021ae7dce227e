using System.Runtime.CompilerServices;

namespace EcommerceMl.Ml.Search;

/// <summary>
/// The k-th best of the scores offered so far, each from a different product: a floor that the k-th best final score
/// cannot fall below, since scores only grow as words are added. A bounded min-heap of k floats, reused across searches.
/// </summary>
internal sealed class ScoreFloor
{
    private float[] _heap = new float[16];
    private int _capacity;
    private int _count;

    /// <summary>The k-th best score offered since <see cref="Reset"/>; negative infinity until k were offered.</summary>
    public float Value => _count == _capacity && _capacity > 0 ? _heap[0] : float.NegativeInfinity;

    public void Reset(int k)
    {
        if (_heap.Length < k)
        {
            _heap = new float[k];
        }

        _capacity = k;
        _count = 0;
    }

    /// <summary>Offers one product's score; each product at most once between resets.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Offer(float score)
    {
        if (_count < _capacity)
        {
            // Sift up.
            var i = _count++;
            while (i > 0)
            {
                var parent = (i - 1) >> 1;
                if (_heap[parent] <= score)
                {
                    break;
                }

                _heap[i] = _heap[parent];
                i = parent;
            }

            _heap[i] = score;
            return;
        }

        if (_capacity == 0 || score <= _heap[0])
        {
            return;
        }

        // Replace the smallest and sift down.
        var at = 0;
        while (true)
        {
            var child = (2 * at) + 1;
            if (child >= _count)
            {
                break;
            }

            if (child + 1 < _count && _heap[child + 1] < _heap[child])
            {
                child++;
            }

            if (_heap[child] >= score)
            {
                break;
            }

            _heap[at] = _heap[child];
            at = child;
        }

        _heap[at] = score;
    }
}
