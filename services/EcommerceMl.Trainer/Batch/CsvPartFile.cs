using System.IO.Compression;
using System.Security.Cryptography;
using System.Text;

namespace EcommerceMl.Trainer.Batch;

/// <summary>
/// One shard's rows as a gzip CSV file in the temp folder (a Pod's /tmp emptyDir), header first: written whole
/// before it is put under its name, so the store never holds a part that is still growing. gzip at its fastest
/// level: 4–6× smaller than the text for a few percent of the run's CPU, and every reader named in the docs reads
/// <c>.csv.gz</c> as it is. A gzip stream cannot be split, but a part is already the unit readers split on.
/// </summary>
public sealed record CsvPartFile(string Path, long Rows, long Bytes, string Sha256)
{
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false);

    /// <summary>Writes the rows (computed lazily as they are read: scoring and compressing overlap) on a thread of their own.</summary>
    public static Task<CsvPartFile> WriteAsync<T>(CsvTable<T> table, string model, string version, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(table);
        ArgumentNullException.ThrowIfNull(rows);
        return Task.Run(() => Write(table, model, version, rows, cancellationToken), cancellationToken);
    }

    private static async Task<CsvPartFile> Write<T>(CsvTable<T> table, string model, string version, IEnumerable<T> rows, CancellationToken cancellationToken)
    {
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"ecml-batch-{Guid.NewGuid():N}.csv.gz");
        try
        {
            long count = 0;
            using (var file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            using (var gzip = new GZipStream(file, CompressionLevel.Fastest))
            using (var writer = new StreamWriter(gzip, Utf8, 1 << 16) { NewLine = "\n" })
            {
                writer.WriteLine(table.Header);
                var rowStart = RowStart(model, version);
                foreach (var row in rows)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    writer.Write(rowStart);
                    table.WriteFields(writer, row);
                    writer.Write('\n');
                    count++;
                }
            }

            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            await using (stream.ConfigureAwait(false))
            {
                var hash = await SHA256.HashDataAsync(stream, cancellationToken).ConfigureAwait(false);
                return new CsvPartFile(path, count, stream.Length, Convert.ToHexStringLower(hash));
            }
        }
        catch
        {
            File.Delete(path);
            throw;
        }
    }

    /// <summary>The model and version fields every row starts with, written once.</summary>
    private static string RowStart(string model, string version)
    {
        using var text = new StringWriter();
        CsvFields.Text(text, model);
        CsvFields.Next(text);
        CsvFields.Text(text, version);
        CsvFields.Next(text);
        return text.ToString();
    }
}
