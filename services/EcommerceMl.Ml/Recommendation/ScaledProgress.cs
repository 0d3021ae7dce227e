namespace EcommerceMl.Ml.Recommendation;

/// <summary>
/// Maps a sub-step's 0..1 onto [from, to] of its caller's 0..1, synchronously (unlike
/// <see cref="Progress{T}"/>, which posts reports to the thread pool and can deliver them late).
/// </summary>
internal sealed class ScaledProgress(IProgress<double> inner, double from, double to) : IProgress<double>
{
    public static IProgress<double>? Of(IProgress<double>? inner, double from, double to) =>
        inner is null ? null : new ScaledProgress(inner, from, to);

    public void Report(double value) => inner.Report(from + ((to - from) * value));
}
