using System.Globalization;
using EcommerceMl.Artifacts;

namespace EcommerceMl.Trainer;

/// <summary>Writes what was published and its held-out metrics for a person to read.</summary>
public static class MetricsTable
{
    public static async Task WriteAsync(TextWriter console, ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(manifest);
        await console.WriteLineAsync(
            $"published {manifest.Model} version {manifest.Version} ({manifest.Task}/{manifest.Algorithm})").ConfigureAwait(false);
        await console.WriteLineAsync("held-out metrics:").ConfigureAwait(false);
        foreach (var (name, value) in manifest.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
        {
            await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {name,-22} {value,12:0.####}")).ConfigureAwait(false);
        }

        if (manifest.Gate is { } gate)
        {
            await console.WriteLineAsync($"gate {(gate.Passed ? "passed" : "NOT MET")}: {QualityGate.Describe(gate)}").ConfigureAwait(false);
        }

        if (manifest.Champion is { } champion)
        {
            await console.WriteLineAsync(champion.ChampionValue is null
                ? $"against the champion: not compared with {champion.Version} ({champion.Note})"
                : $"against the champion {(champion.Passed ? "passed" : "LOST")}: {champion.Describe()}").ConfigureAwait(false);
        }
    }
}
