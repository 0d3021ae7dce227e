using System.Text;
using EcommerceMl.Operator.Local;

namespace EcommerceMl.Fuzz.Harnesses;

/// <summary>
/// Local mode's resource files (<see cref="ResourceFiles.Parse"/>): documented to turn every problem
/// into a message and never throw, so no exception is expected at all.
/// </summary>
internal sealed class ResourceYamlHarness : IHarness
{
    public string Name => "resource-yaml";

    public void Run(ReadOnlySpan<byte> input) => ResourceFiles.Parse(Encoding.UTF8.GetString(input), "fuzz.yaml");

    public IEnumerable<(string Name, byte[] Bytes)> Seeds(string repositoryRoot) =>
        Directory.EnumerateFiles(Path.Combine(repositoryRoot, "examples"), "*.yaml")
            .Order(StringComparer.Ordinal)
            .Select(f => (Path.GetFileNameWithoutExtension(f), File.ReadAllBytes(f)));
}
