using System.IO.Compression;
using System.Text;
using EcommerceMl.Artifacts.Outputs;
using EcommerceMl.Contracts.Batch;

namespace EcommerceMl.Trainer.Tests.Batch;

/// <summary>Reads CSV batch outputs as an analyst would: through the _LATEST pointer, then the parts the manifest lists.</summary>
internal static class CsvOutputs
{
    public static async Task<string?> LatestAsync(IOutputObjects objects, string model, string output) =>
        await objects.ReadAsync($"{BatchCsvLayout.OutputFolder(model, output)}/{BatchCsvLayout.Latest}", TestContext.Current.CancellationToken) is { } bytes
            ? Encoding.UTF8.GetString(bytes).Trim()
            : null;

    public static async Task<BatchCsvManifest?> ManifestAsync(IOutputObjects objects, string model, string output, string version) =>
        await objects.ReadAsync($"{BatchCsvLayout.VersionFolder(model, output, version)}/{BatchCsvLayout.Success}", TestContext.Current.CancellationToken) is { } bytes
            ? BatchCsvJson.Deserialize<BatchCsvManifest>(bytes, "manifest")
            : null;

    /// <summary>The data lines of the newest complete version, sorted (every part's header checked and dropped).</summary>
    public static async Task<List<string>> LatestRowsAsync(IOutputObjects objects, string model, string output, string header)
    {
        var version = await LatestAsync(objects, model, output) ?? throw new InvalidOperationException($"no {BatchCsvLayout.Latest} for {output}");
        var manifest = await ManifestAsync(objects, model, output, version) ?? throw new InvalidOperationException($"no manifest for {output} {version}");
        var rows = new List<string>();
        foreach (var part in manifest.Parts)
        {
            var lines = await PartLinesAsync(objects, $"{BatchCsvLayout.VersionFolder(model, output, version)}/{part.Name}");
            Assert.Equal(header, lines[0]);
            Assert.Equal(part.Rows, lines.Count - 1);
            rows.AddRange(lines.Skip(1));
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }

    public static async Task<List<string>> PartLinesAsync(IOutputObjects objects, string path)
    {
        var bytes = await objects.ReadAsync(path, TestContext.Current.CancellationToken) ?? throw new InvalidOperationException($"{path} is missing");
        using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        var lines = new List<string>();
        while (await reader.ReadLineAsync(TestContext.Current.CancellationToken) is { } line)
        {
            lines.Add(line);
        }

        return lines;
    }

    /// <summary>Object names directly in a version folder.</summary>
    public static async Task<List<string>> VersionFolderAsync(IOutputObjects objects, string model, string output, string version)
    {
        var folder = BatchCsvLayout.VersionFolder(model, output, version);
        return [.. (await objects.ListAsync(folder, TestContext.Current.CancellationToken)).Select(p => p[(folder.Length + 1)..])];
    }
}
