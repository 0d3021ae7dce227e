using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Tests.Local;

public sealed class ResourceFilesTests
{
    [Fact]
    public void Find_AFolder_ReadsItsOwnFilesOnly_AsKubectlApplyWithoutRecursion()
    {
        var folder = Directory.CreateTempSubdirectory("ecml-find-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(folder, "a.yaml"), "");
            File.WriteAllText(Path.Combine(folder, "notes.txt"), "");
            Directory.CreateDirectory(Path.Combine(folder, "local"));
            File.WriteAllText(Path.Combine(folder, "local", "b.yaml"), "");

            Assert.Equal([Path.Combine(folder, "a.yaml")], ResourceFiles.Find(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void Parse_Examples_GivesATrainingJobAndAModelDeploymentInTheDefaultNamespace()
    {
        // The top-level examples; examples/local/ holds Models, a kind this branch does not know yet (issue 17).
        var examples = Directory.GetFiles(Path.Combine(RepoRoot.Find(), "examples"), "*.yaml").Select(f => ResourceFiles.Load(f)).ToList();

        Assert.All(examples, file => Assert.Empty(file.Errors));
        var resources = examples.SelectMany(f => f.Resources).ToList();
        Assert.Contains(resources, r => r is TrainingJob { Metadata.Name: "shop-recommendations-1" });
        Assert.Contains(resources, r => r is ModelDeployment { Metadata.Name: "shop-recommendations" });
        Assert.All(resources, r => Assert.Equal(ResourceFiles.DefaultNamespace, r.Metadata.NamespaceProperty));
    }

    [Fact]
    public void Parse_WhenAValueBreaksTheSchema_NamesTheFileTheResourceAndTheField()
    {
        var file = ResourceFiles.Parse("""
            apiVersion: ml.ecommerce.dev/v1alpha1
            kind: TrainingJob
            metadata: {name: recs-1}
            spec:
              model: Shop_Recs
              task: pricing
              dataSource: {synthetic: {}}
              evaluation: {k: 0}
            """, "jobs/recs.yaml");

        Assert.Empty(file.Resources);
        Assert.Contains(file.Errors, e => e.StartsWith("jobs/recs.yaml: TrainingJob recs-1: spec.model: 'Shop_Recs' does not match", StringComparison.Ordinal));
        Assert.Contains(file.Errors, e => e.StartsWith("jobs/recs.yaml: TrainingJob recs-1: spec.task: 'pricing' is not one of", StringComparison.Ordinal));
        Assert.Contains(file.Errors, e => e.StartsWith("jobs/recs.yaml: TrainingJob recs-1: spec.evaluation.k: 0 is outside", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_WhenAFieldIsUnknown_SaysWhichAndWhere()
    {
        var file = ResourceFiles.Parse("""
            apiVersion: ml.ecommerce.dev/v1alpha1
            kind: ModelDeployment
            metadata: {name: recs}
            spec:
              model: recs
              replica: 2
            """, "serve.yaml");

        var error = Assert.Single(file.Errors);
        Assert.StartsWith("serve.yaml: line 6, column 3: unknown field 'replica'", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WhenTheNameIsNotADnsLabel_RefusesIt()
    {
        var file = ResourceFiles.Parse("""
            apiVersion: ml.ecommerce.dev/v1alpha1
            kind: ModelDeployment
            metadata: {name: 1-Recs}
            spec: {model: recs}
            """, "serve.yaml");

        Assert.Contains(file.Errors, e => e.StartsWith("serve.yaml: ModelDeployment 1-Recs: metadata.name: '1-Recs' must be a DNS label", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_WhenOneDocumentIsBad_KeepsTheGoodOnesApartFromTheErrors()
    {
        var file = ResourceFiles.Parse("""
            apiVersion: ml.ecommerce.dev/v1alpha1
            kind: ModelDeployment
            metadata: {name: good, namespace: shop}
            spec: {model: recs}
            ---
            apiVersion: ml.ecommerce.dev/v1alpha1
            kind: ModelDeployment
            metadata: {name: bad}
            spec: {model: recs, replicas: -1}
            """, "two.yaml");

        var good = Assert.Single(file.Resources);
        Assert.Equal(("good", "shop"), (good.Metadata.Name, good.Metadata.NamespaceProperty));
        Assert.Contains(file.Errors, e => e.StartsWith("two.yaml: ModelDeployment bad: spec.replicas: -1 is outside", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_WhenTheKindIsNotThePlatforms_SaysWhatLocalModeRuns()
    {
        var file = ResourceFiles.Parse("""
            apiVersion: v1
            kind: ConfigMap
            metadata: {name: x}
            """, "other.yaml");

        Assert.Empty(file.Resources);
        Assert.StartsWith("other.yaml: ", Assert.Single(file.Errors), StringComparison.Ordinal);
    }

    // Found by fuzz/ (resource-yaml harness): each of these escaped Parse as an exception.
    [Theory]
    [InlineData("metadata: {name: x}\nspec: {}\n", "has no apiVersion or kind")]
    [InlineData("apiVersion: ml.ecommerce.dev/v1alpha1\nmetadata: {name: x}\n", "has no apiVersion or kind")]
    [InlineData("apiVersion: ml.ecommerce.dev/v1alpha1\nkind: TrainingJo\nmetadata: {name: x}\n", "one local mode does not run")]
    [InlineData("apiVersion: ml.ecommerce.dev/v9\nkind: TrainingJob\nmetadata: {name: x}\n", "one local mode does not run")]
    [InlineData("---\n---\n", "a document is empty")]
    [InlineData("~\n", "a document is empty")]
    [InlineData("null\n---\napiVersion: v1\n", "a document is empty")]
    public void Parse_WhenADocumentIsNoObjectLocalModeKnows_SaysSoInsteadOfThrowing(string yaml, string message)
    {
        var file = ResourceFiles.Parse(yaml, "bad.yaml");

        Assert.Empty(file.Resources);
        var error = Assert.Single(file.Errors);
        Assert.StartsWith("bad.yaml: ", error, StringComparison.Ordinal);
        Assert.Contains(message, error, StringComparison.Ordinal);
    }
}
