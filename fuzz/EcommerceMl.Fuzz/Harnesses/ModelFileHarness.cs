using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Fuzz.Harnesses;

/// <summary>
/// The model file readers (<see cref="ITaskPipeline.Load"/>, SafeReader-based) of every task and
/// algorithm: the first input byte picks the (task, algorithm), the rest is the file. A malformed
/// file must be an <see cref="InvalidDataException"/> naming what is wrong.
/// </summary>
internal sealed class ModelFileHarness : IHarness
{
    private static readonly (ITaskPipeline Pipeline, string Algorithm)[] Readers =
        [.. TaskPipelines.All.SelectMany(p => p.Algorithms.Select(a => (p, a)))];

    public string Name => "model-file";

    public void Run(ReadOnlySpan<byte> input)
    {
        if (input.IsEmpty)
        {
            return;
        }

        var (pipeline, algorithm) = Readers[input[0] % Readers.Length];
        using var stream = new MemoryStream(input[1..].ToArray(), writable: false);
        try
        {
            pipeline.Load(algorithm, stream);
        }
        catch (InvalidDataException)
        {
            // The documented refusal: "Not a valid … file: …".
        }
    }

    /// <summary>One model per (task, algorithm), trained on a small synthetic shop, prefixed with its selector byte.</summary>
    public IEnumerable<(string Name, byte[] Bytes)> Seeds(string repositoryRoot)
    {
        var shop = SyntheticShop.Generate(new SyntheticShopOptions { Customers = 150, Products = 12, Categories = 3, Days = 400, Seed = 3 });
        for (var i = 0; i < Readers.Length; i++)
        {
            var (pipeline, algorithm) = Readers[i];
            byte[] file;
            try
            {
                var outcome = pipeline.Train(new TrainingRequest(shop, algorithm, new Dictionary<string, string>()) { HoldoutDays = 14 });
                using var buffer = new MemoryStream();
                outcome.Model.Save(buffer);
                file = buffer.ToArray();
            }
            catch (InvalidTrainingRequestException e)
            {
                Console.Error.WriteLine($"model-file: no seed for {pipeline.Task}/{algorithm}: {e.Message}");
                continue;
            }

            yield return ($"{pipeline.Task}-{algorithm}", [(byte)i, .. file]);
        }
    }
}
