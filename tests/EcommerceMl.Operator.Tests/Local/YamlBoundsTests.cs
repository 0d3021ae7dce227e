using System.Diagnostics;
using EcommerceMl.Operator.Local;

namespace EcommerceMl.Operator.Tests.Local;

/// <summary>Issue 15 item 6: local mode refuses alias bombs and oversized files, fast, with a clear message (CVE-2019-11253).</summary>
public sealed class YamlBoundsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ecml-yaml-bounds-");

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>The "billion laughs" in YAML: nine levels of nine aliases, a few hundred bytes that expand to billions of nodes.</summary>
    private static string AliasBomb()
    {
        var lines = new List<string> { "apiVersion: ml.ecommerce.dev/v1alpha1", "kind: TrainingJob", "metadata: {name: bomb}", "spec:", "  model: shop-recs", "  hyperparameters:", "    a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]" };
        for (var level = 'b'; level <= 'i'; level++)
        {
            var previous = (char)(level - 1);
            lines.Add($"    {level}: &{level} [{string.Join(',', Enumerable.Repeat($"*{previous}", 9))}]");
        }

        return string.Join('\n', lines) + "\n";
    }

    [Fact]
    public void Parse_AnAliasBomb_IsRefusedFast_SayingWhy()
    {
        var bomb = AliasBomb();
        var clock = Stopwatch.StartNew();

        var file = ResourceFiles.Parse(bomb, "bomb.yaml");

        clock.Stop();
        Assert.True(bomb.Length < 1000, $"the bomb is {bomb.Length} bytes");
        Assert.Empty(file.Resources);
        var error = Assert.Single(file.Errors);
        Assert.StartsWith("bomb.yaml: expands to more than 8,388,608 characters through YAML aliases", error, StringComparison.Ordinal);
        Assert.Contains("CVE-2019-11253", error, StringComparison.Ordinal);
        // Not a timing assertion on speed, a guard against expanding it: 9^9 nodes would take minutes and gigabytes.
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"took {clock.Elapsed}");
    }

    [Fact]
    public void Parse_AFewHonestAliases_AreAccepted()
    {
        var file = ResourceFiles.Parse("""
            apiVersion: ml.ecommerce.dev/v1alpha1
            kind: TrainingJob
            metadata: {name: recs-1, labels: &team {team: recs}, annotations: *team}
            spec:
              model: shop-recs
              task: recommendation
              dataSource: {synthetic: {}}
            """, "jobs.yaml");

        Assert.Empty(file.Errors);
        var resource = Assert.Single(file.Resources);
        Assert.Equal("recs", resource.Metadata.Annotations["team"]);
    }

    [Fact]
    public void Load_AFileLargerThanTheLimit_IsRefusedWithoutReadingIt()
    {
        var path = Path.Combine(_folder.FullName, "huge.yaml");
        using (var stream = File.Create(path))
        {
            stream.SetLength(YamlBounds.MaxFileBytes + 1);
        }

        var file = ResourceFiles.Load(path, "huge.yaml");

        var error = Assert.Single(file.Errors);
        Assert.StartsWith("huge.yaml: is 3,145,729 bytes, more than the 3,145,728 a resource file may hold", error, StringComparison.Ordinal);
    }
}
