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
        ArgumentNullException.ThrowIfNull(keys);
        ArgumentNullException.ThrowIfNull(rowsOf);
        return keys.Count == 0 ? [] : Stream(keys, rowsOf);
    }

    private static IEnumerable<T> Stream<T>(IReadOnlyList<string> keys, Func<string, T[]> rowsOf)
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
                    Parallel.For(0, block.Length, i => block[i] = rowsOf(keys[first + i]));
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
