namespace EcommerceMl.Ml;

/// <summary>A fitted model that can be written to the model store as one file, <see cref="FileName"/>.</summary>
public interface ITrainedModel
{
    const string FileName = "model.bin";

    string Task { get; }

    string Algorithm { get; }

    /// <summary>Writes the compact binary form that the task pipeline's <c>Load</c> reads back.</summary>
    void Save(Stream stream);
}
