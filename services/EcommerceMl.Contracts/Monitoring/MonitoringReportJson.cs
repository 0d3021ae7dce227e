using System.Text.Json;

namespace EcommerceMl.Contracts.Monitoring;

/// <summary>The one way a <see cref="MonitoringReport"/> is written and read (the manifest's JSON options).</summary>
public static class MonitoringReportJson
{
    public static byte[] Serialize(MonitoringReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.SerializeToUtf8Bytes(report, ManifestJson.Options);
    }

    /// <summary>Reads a report; throws <see cref="ModelIntegrityException"/> naming <paramref name="path"/> when it is malformed or of a newer schema.</summary>
    public static MonitoringReport Deserialize(ReadOnlySpan<byte> json, string path)
    {
        MonitoringReport? report;
        try
        {
            report = JsonSerializer.Deserialize<MonitoringReport>(json, ManifestJson.Options);
        }
        catch (JsonException ex)
        {
            throw new ModelIntegrityException($"The monitoring report {path} is malformed: {ex.Message}");
        }

        if (report is null || report.Window is null || report.NewData is null)
        {
            throw new ModelIntegrityException($"The monitoring report {path} is malformed: 'window' and 'newData' are required.");
        }

        if (report.Schema > MonitoringReport.CurrentSchema)
        {
            throw new ModelIntegrityException(
                $"The monitoring report {path} has schema {report.Schema}; this build reads up to {MonitoringReport.CurrentSchema}.");
        }

        return report;
    }
}
