using System.Collections.Concurrent;

namespace EcommerceMl.Trainer.Batch;

/// <summary>
/// Rows of many keys, computed in parallel a block at a time while the caller consumes the previous
/// blocks (a writer streaming them into the database): scoring and writing overlap, and at most
/// <see cref="BlocksAhead"/> blocks wait in memory. Rows come in key order, so the output is the same
/// however many cores computed it.
/// </summary>
public static class ParallelRows
{
    public const int BlockSize = 4096;
    public const int BlocksAhead = 4;

    public static IEnumerable<T> Of<T>(IReadOnlyList<string> keys, Func<string, T[]> rowsOf)
    {
        ArgumentNullException.ThrowIfNull(rowsOf);
        return OfChunks<T>(keys, 1, chunk => [rowsOf(chunk[0])]);
    }

    /// <summary>
    /// As <see cref="Of{T}"/>, computing a chunk of up to <paramref name="chunkSize"/> keys per call (one
    /// array of rows per key, in the chunk's order): for a model that scores a block of customers
    /// cheaper than one at a time. The chunks of a block run in parallel.
    /// </summary>
    public static IEnumerable<T> OfChunks<T>(IReadOnlyList<string> keys, int chunkSize, Func<IReadOnlyList<string>, T[][]> rowsOfChunk)
    {
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(rowsOfChunk);
        ArgumentOutOfRangeException.ThrowIfLessThan(chunkSize, 1);
        return keys.Count == 0 ? [] : Stream(keys, chunkSize, rowsOfChunk);
    }

    private static IEnumerable<T> Stream<T>(IReadOnlyList<string> keys, int chunkSize, Func<IReadOnlyList<string>, T[][]> rowsOfChunk)
    {
        using var blocks = new BlockingCollection<T[][]>(BlocksAhead);
        using var stop = new CancellationTokenSource();
        var producer = Task.Run(() =>
        {
            try
            {
                for (var start = 0; start < keys.Count && !stop.IsCancellationRequested; start += BlockSize)
                {
                    var block = new T[Math.Min(BlockSize, keys.Count - start)][];
                    var first = start;
                    Parallel.For(0, (block.Length + chunkSize - 1) / chunkSize, c =>
                    {
                        var chunk = new string[Math.Min(chunkSize, block.Length - (c * chunkSize))];
                        for (var i = 0; i < chunk.Length; i++)
                        {
                            chunk[i] = keys[first + (c * chunkSize) + i];
                        }

                        var rows = rowsOfChunk(chunk);
                        if (rows.Length != chunk.Length)
                        {
                            throw new InvalidOperationException($"{rows.Length} row sets for a chunk of {chunk.Length} keys: there must be one per key.");
                        }

                        rows.CopyTo(block, c * chunkSize);
                    });
                    blocks.Add(block, stop.Token);
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                // The consumer stopped early (an error, or it had enough): nothing more to compute.
            }
            finally
            {
                blocks.CompleteAdding();
            }
        });

        try
        {
            foreach (var block in blocks.GetConsumingEnumerable())
            {
                foreach (var rows in block)
                {
                    foreach (var row in rows)
                    {
                        yield return row;
                    }
                }
            }

            // A failure of the scoring surfaces here, with its own exception.
            producer.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            // Drain so a producer blocked on a full collection can see the cancellation and end.
            while (blocks.TryTake(out _))
            {
            }

            producer.Wait(TimeSpan.FromSeconds(30));
        }
    }
}
