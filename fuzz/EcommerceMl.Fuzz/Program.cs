using EcommerceMl.Fuzz.Harnesses;
using SharpFuzz;

// The harness executable (fuzz/README.md):
//   EcommerceMl.Fuzz <harness> fuzz              under afl-fuzz, input on stdin (SharpFuzz's AFL loop)
//   EcommerceMl.Fuzz <harness> seeds <folder>    writes the seed corpus
//   EcommerceMl.Fuzz <harness> replay <path>...  runs each file (or each file of a folder) once; exit 1 on an unexpected exception
IHarness[] harnesses = [new ShopCsvHarness(), new V2RequestHarness(), new ResourceYamlHarness(), new ModelFileHarness()];

if (args is not [var name, var command, ..] || harnesses.FirstOrDefault(h => h.Name == name) is not { } harness)
{
    Console.Error.WriteLine($"usage: EcommerceMl.Fuzz <{string.Join('|', harnesses.Select(h => h.Name))}> <fuzz | seeds FOLDER | replay PATH...>");
    return 2;
}

switch (command)
{
    case "fuzz":
        Fuzzer.Run(stream =>
        {
            using var buffer = new MemoryStream();
            stream.CopyTo(buffer);
            harness.Run(buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
        });
        return 0;

    case "seeds" when args.Length == 3:
        Directory.CreateDirectory(args[2]);
        foreach (var (seed, bytes) in harness.Seeds(RepositoryRoot()))
        {
            File.WriteAllBytes(Path.Combine(args[2], seed), bytes);
        }

        return 0;

    case "replay" when args.Length >= 3:
        var failures = 0;
        var files = args[2..].SelectMany(p => Directory.Exists(p) ? Directory.EnumerateFiles(p).Where(f => !Path.GetFileName(f).StartsWith("README", StringComparison.Ordinal)) : [p]).Order(StringComparer.Ordinal);
        foreach (var file in files)
        {
            try
            {
                harness.Run(File.ReadAllBytes(file));
            }
#pragma warning disable CA1031 // Replay reports every unexpected exception, whatever its type.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failures++;
                Console.WriteLine($"{file}: {e.GetType().FullName}: {e.Message}");
                Console.WriteLine(e.StackTrace);
            }
        }

        return failures == 0 ? 0 : 1;

    default:
        Console.Error.WriteLine($"unknown command '{command}' or missing argument");
        return 2;
}

static string RepositoryRoot()
{
    for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
    {
        if (File.Exists(Path.Combine(folder.FullName, "EcommerceMl.sln")))
        {
            return folder.FullName;
        }
    }

    return Directory.GetCurrentDirectory();
}
