using System.Globalization;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer;

/// <summary>
/// Prints training progress with the time since the run started: a line when the stage changes,
/// and otherwise at most one per 10% step. Synchronous on purpose: the default Progress&lt;T&gt;
/// posts to the thread pool and would print lines out of order.
/// </summary>
internal sealed class ConsoleProgress(TextWriter console, TimeProvider time) : IProgress<TrainingProgress>
{
    private readonly long _started = time.GetTimestamp();
    private readonly Lock _gate = new();
    private string? _lastStage;
    private int _lastStep = -1;

    public void Report(TrainingProgress value)
    {
        lock (_gate)
        {
            var step = (int)(value.Percent / 10);
            if (value.Stage == _lastStage && step == _lastStep)
            {
                return;
            }

            _lastStage = value.Stage;
            _lastStep = step;
            console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{time.GetElapsedTime(_started).TotalSeconds,6:0.0}s {value.Percent,3:0}%] {value.Stage}"));
        }
    }

    /// <summary>A pipeline's own 0–100% mapped onto a slice of the whole run.</summary>
    public IProgress<TrainingProgress> Slice(double from, double to) =>
        new SliceProgress(this, from, to);

    private sealed class SliceProgress(ConsoleProgress whole, double from, double to) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) =>
            whole.Report(value with { Percent = from + ((to - from) * Math.Clamp(value.Percent, 0, 100) / 100) });
    }
}
