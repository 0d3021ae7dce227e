using System.Text.Json.Nodes;
using EcommerceMl.Operator.Crds;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Examples;

public sealed class ExamplesTests
{
    public static TheoryData<string> ExampleFiles() =>
        [.. Directory.GetFiles(Path.Combine(RepoRoot.Find(), "examples"), "*.yaml").Select(path => Path.GetFileName(path)).Order(StringComparer.Ordinal)];

    [Fact]
    public void Examples_IncludeATrainingJobAModelDeploymentAndAModel()
    {
        var kinds = ExampleFiles().SelectMany(file => ResourceYaml.LoadAll(Read(file.Data))).Select(o => o.GetType()).ToHashSet();

        Assert.Contains(typeof(TrainingJob), kinds);
        Assert.Contains(typeof(ModelDeployment), kinds);
        Assert.Contains(typeof(Model), kinds);
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_RoundTripsThroughTheTypesWithoutLosingAField(string fileName)
    {
        var yaml = Read(fileName);
        var documents = YamlJson.Documents(yaml);

        // strict: a field the types do not know fails the load.
        var objects = ResourceYaml.LoadAll(yaml);

        Assert.Equal(documents.Count, objects.Count);
        for (var i = 0; i < objects.Count; i++)
        {
            var roundTripped = JsonNode.Parse(KubernetesJson.Serialize(objects[i]));
            Assert.True(
                JsonNode.DeepEquals(documents[i], roundTripped),
                $"examples/{fileName} document {i + 1} changes in a round trip through the types:\n{documents[i]?.ToJsonString()}\n!=\n{roundTripped?.ToJsonString()}");
        }
    }

    [Theory]
    [MemberData(nameof(ExampleFiles))]
    public void Example_ValidatesAgainstItsGeneratedCrdSchema(string fileName)
    {
        foreach (var document in YamlJson.Documents(Read(fileName)))
        {
            var kind = document?["kind"]?.GetValue<string>();
            var crd = CustomResourceDefinitions.All().SingleOrDefault(c => c.Spec.Names.Kind == kind);
            Assert.True(crd is not null, $"examples/{fileName}: kind '{kind}' is not one of the platform's CRDs");

            var errors = OpenApiValidator.Validate(document, crd.Spec.Versions.Single().Schema.OpenAPIV3Schema);

            Assert.True(errors.Count == 0, $"examples/{fileName}: {string.Join("; ", errors)}");
        }
    }

    [Fact]
    public void Validator_RefusesWhatTheApiServerWouldRefuse()
    {
        var schema = CustomResourceDefinitions.TrainingJob().Spec.Versions.Single().Schema.OpenAPIV3Schema;
        var bad = YamlJson.Documents("""
            apiVersion: ml.ecommerce.dev/v1alpha1
            kind: TrainingJob
            metadata: {name: x}
            spec:
              model: Shop_Recs
              task: pricing
              dataSource: {}
              evaluation: {k: 0}
              runPolicy: {backoffLimit: 2, retries: 3}
            """).Single();

        var errors = OpenApiValidator.Validate(bad, schema);

        Assert.Contains(errors, e => e.StartsWith(".spec.model: 'Shop_Recs' does not match", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith(".spec.task: 'pricing' is not one of", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith(".spec.dataSource: 0 properties", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith(".spec.evaluation.k: 0 is outside", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith(".spec.runPolicy.retries: unknown field", StringComparison.Ordinal));
    }

    private static string Read(string fileName) => File.ReadAllText(Path.Combine(RepoRoot.Find(), "examples", fileName));
}
