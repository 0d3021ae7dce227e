using EcommerceMl.Operator.Crds;

namespace EcommerceMl.Operator.Tests.Crds;

public sealed class CommittedCrdsTests
{
    public static TheoryData<string> CrdFiles() => [.. CustomResourceDefinitions.All().Select(CrdYaml.FileName)];

    [Theory]
    [MemberData(nameof(CrdFiles))]
    public void CommittedYaml_MatchesWhatTheTypesGenerate(string fileName)
    {
        var crd = CustomResourceDefinitions.All().Single(c => CrdYaml.FileName(c) == fileName);
        var path = Path.Combine(RepoRoot.Find(), "crds", fileName);

        Assert.True(File.Exists(path), $"crds/{fileName} is missing: run `make crds` and commit the result.");
        var committed = File.ReadAllText(path).ReplaceLineEndings("\n");
        Assert.True(
            committed == CrdYaml.Render(crd),
            $"crds/{fileName} differs from what the C# types in operator/EcommerceMl.Operator/Resources/V1Alpha1 generate: run `make crds` and commit the result.");
    }

    [Fact]
    public void CrdsFolder_HoldsNoYamlTheTypesDoNotGenerate()
    {
        var expected = CustomResourceDefinitions.All().Select(CrdYaml.FileName).Order(StringComparer.Ordinal);
        var present = Directory.GetFiles(Path.Combine(RepoRoot.Find(), "crds"), "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal);

        Assert.Equal(expected, present);
    }

    [Fact]
    public void WriteAll_WritesOneFilePerKind_ThatReadsBackAsTheRenderedYaml()
    {
        var directory = Directory.CreateTempSubdirectory("ecml-crds-");
        try
        {
            var written = CrdYaml.WriteAll(directory.FullName);

            Assert.Equal(3, written.Count);
            foreach (var crd in CustomResourceDefinitions.All())
            {
                Assert.Equal(CrdYaml.Render(crd), File.ReadAllText(Path.Combine(directory.FullName, CrdYaml.FileName(crd))));
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
