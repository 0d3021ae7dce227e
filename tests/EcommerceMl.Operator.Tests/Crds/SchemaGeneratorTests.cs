using System.Text.RegularExpressions;
using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Crds;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Crds;

public sealed class SchemaGeneratorTests
{
    private static readonly V1CustomResourceDefinition Tj = CustomResourceDefinitions.TrainingJob();
    private static readonly V1CustomResourceDefinition Mdep = CustomResourceDefinitions.ModelDeployment();

    private static V1JSONSchemaProps Root(V1CustomResourceDefinition crd) => crd.Spec.Versions.Single().Schema.OpenAPIV3Schema;

    private static V1JSONSchemaProps Spec(V1CustomResourceDefinition crd) => Root(crd).Properties["spec"];

    private static bool IsImmutable(V1JSONSchemaProps schema) => schema.XKubernetesValidations?.Any(r => r.Rule == "self == oldSelf") == true;

    [Fact]
    public void TrainingJob_SpecIsImmutableExceptRunPolicySuspend()
    {
        var spec = Spec(Tj);
        var runPolicy = spec.Properties["runPolicy"];

        Assert.All(spec.Properties.Where(p => p.Key != "runPolicy"), p => Assert.True(IsImmutable(p.Value), $"spec.{p.Key} should be immutable"));
        Assert.False(IsImmutable(runPolicy));
        Assert.All(runPolicy.Properties.Where(p => p.Key != "suspend"), p => Assert.True(IsImmutable(p.Value), $"spec.runPolicy.{p.Key} should be immutable"));
        Assert.Null(runPolicy.Properties["suspend"].XKubernetesValidations);
    }

    [Fact]
    public void TrainingJob_OptionalSpecFieldsCannotBeAddedOrRemovedLater()
    {
        var presence = Spec(Tj).XKubernetesValidations.Single(r => r.Rule.Contains("oldSelf", StringComparison.Ordinal)).Rule;

        foreach (var optional in new[] { "algorithm", "hyperparameters", "evaluation", "output", "resources", "image" })
        {
            Assert.Contains($"has(self.{optional}) == has(oldSelf.{optional})", presence, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("runPolicy", presence, StringComparison.Ordinal);
        // runPolicy defaults to {} so its own presence rule always has an old value to compare with.
        Assert.NotNull(Spec(Tj).Properties["runPolicy"].DefaultProperty);
        Assert.Contains("has(self.activeDeadlineSeconds) == has(oldSelf.activeDeadlineSeconds)", Spec(Tj).Properties["runPolicy"].XKubernetesValidations.Single().Rule, StringComparison.Ordinal);
    }

    [Fact]
    public void TrainingJob_RequiresModelTaskAndDataSource_WithEnumsAndRanges()
    {
        var spec = Spec(Tj);

        Assert.Equal(["dataSource", "model", "task"], spec.Required);
        Assert.Equal(AlgorithmCatalogue.ByTask.Keys, spec.Properties["task"].EnumProperty.Cast<string>());
        Assert.Equal(AlgorithmCatalogue.ByTask.Values.SelectMany(a => a), spec.Properties["algorithm"].EnumProperty.Cast<string>());
        Assert.Contains(spec.XKubernetesValidations, r => r.Rule == TrainingAlgorithms.CelRule);
        Assert.Equal(1, spec.Properties["dataSource"].MinProperties);
        Assert.Equal(3, spec.Properties["dataSource"].MaxProperties); // one source, the events merged into it, and the window
        Assert.Contains(spec.Properties["dataSource"].XKubernetesValidations, r => r.Rule == "(has(self.postgres) ? 1 : 0) + (has(self.s3) ? 1 : 0) + (has(self.synthetic) ? 1 : 0) == 1");
        Assert.Equal(1, spec.Properties["evaluation"].Properties["holdoutDays"].Minimum);
        Assert.Equal(EvaluationSpec.DefaultHoldoutDays, spec.Properties["evaluation"].Properties["holdoutDays"].DefaultProperty);
        Assert.True(spec.Properties["resources"].Properties["limits"].AdditionalProperties is V1JSONSchemaProps { XKubernetesIntOrString: true });
    }

    [Fact]
    public void TrainingJob_GateTolerance_IsANumberAtLeastZeroWithoutUpperBound()
    {
        var tolerance = Spec(Tj).Properties["evaluation"].Properties["gate"].Properties["tolerance"];

        Assert.Equal(("number", "double"), (tolerance.Type, tolerance.Format));
        Assert.Equal(0, tolerance.Minimum);
        Assert.Null(tolerance.Maximum);
        Assert.Contains("servable version", tolerance.Description, StringComparison.Ordinal);
        Assert.DoesNotContain("tolerance", Spec(Tj).Properties["evaluation"].Properties["gate"].Required);
    }

    [Theory]
    [InlineData(0.0, true)]
    [InlineData(0.25, true)]
    [InlineData(-0.01, false)]
    public void TrainingJob_GateTolerance_ValidatesAsTheApiServerWould(double tolerance, bool valid)
    {
        var document = System.Text.Json.Nodes.JsonNode.Parse("""
            {"apiVersion": "ml.ecommerce.dev/v1alpha1", "kind": "TrainingJob", "metadata": {"name": "x"},
             "spec": {"model": "shop-recs", "task": "recommendation", "dataSource": {"synthetic": {}},
                      "evaluation": {"gate": {"metric": "ndcg_at_10", "minimum": 0.01}}}}
            """)!;
        document["spec"]!["evaluation"]!["gate"]!["tolerance"] = tolerance;

        var errors = OpenApiValidator.Validate(document, Root(Tj));

        Assert.Equal(valid, errors.Count == 0);
        Assert.All(errors, e => Assert.StartsWith(".spec.evaluation.gate.tolerance: -0.01 is outside", e, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("shop-recs")]
    [InlineData("a")]
    [InlineData("Shop")]
    [InlineData("-shop")]
    [InlineData("shop-")]
    [InlineData("shop_recs")]
    [InlineData("../x")]
    public void ModelPattern_AgreesWithTheStoresModelNameRule(string name)
    {
        var model = Spec(Tj).Properties["model"];
        var schemaAccepts = Regex.IsMatch(name, model.Pattern) && name.Length <= model.MaxLength;

        Assert.Equal(ModelNames.IsValidModelName(name), schemaAccepts);
        Assert.Equal(model.Pattern, Spec(Mdep).Properties["model"].Pattern);
    }

    [Theory]
    [InlineData("latest", true)]
    [InlineData("20261123T014200Z-1a2b3c", true)]
    [InlineData("v2", false)]
    [InlineData("20261123T014200Z-1A2B3C", false)]
    public void ModelDeploymentVersion_IsLatestOrAVersionAsTheTrainerWritesThem(string version, bool valid)
    {
        Assert.Equal(valid, Regex.IsMatch(version, Spec(Mdep).Properties["version"].Pattern));
        Assert.Matches(Spec(Mdep).Properties["version"].Pattern, ModelVersions.NewVersion(TimeProvider.System));
    }

    [Fact]
    public void BothKinds_HaveStatusSubresourceShortNamesAndPrinterColumns()
    {
        Assert.Equal(["tj"], Tj.Spec.Names.ShortNames);
        Assert.Equal(["mdep"], Mdep.Spec.Names.ShortNames);
        Assert.All([Tj, Mdep], crd =>
        {
            var version = crd.Spec.Versions.Single();
            Assert.NotNull(version.Subresources.Status);
            Assert.Equal(MlApi.Version, version.Name);
            Assert.Equal(MlApi.Group, crd.Spec.Group);
            Assert.Equal("Age", version.AdditionalPrinterColumns.Last().Name);
        });
        Assert.Equal(["Model", "Task", "Phase", "Version", "Gate", "Age"], Tj.Spec.Versions.Single().AdditionalPrinterColumns.Where(c => c.Priority is null).Select(c => c.Name));
        Assert.Equal(["Model", "Current", "Candidate", "Ready", "URL", "Age"], Mdep.Spec.Versions.Single().AdditionalPrinterColumns.Where(c => c.Priority is null).Select(c => c.Name));
    }

    [Fact]
    public void Conditions_AreAListMapKeyedByType()
    {
        var conditions = Root(Tj).Properties["status"].Properties["conditions"];

        Assert.Equal("map", conditions.XKubernetesListType);
        Assert.Equal(["type"], conditions.XKubernetesListMapKeys);
        Assert.Equal(["True", "False", "Unknown"], ((V1JSONSchemaProps)conditions.Items).Properties["status"].EnumProperty.Cast<string>());
    }

    [Fact]
    public void ForObject_WhenAPropertyHasNoWireName_SaysWhichOne()
    {
        var e = Assert.Throws<InvalidOperationException>(() => SchemaGenerator.ForObject(typeof(Unnamed), "spec"));

        Assert.Contains("Unnamed.Field needs [JsonPropertyName]", e.Message, StringComparison.Ordinal);
    }

    private sealed class Unnamed
    {
        public string Field { get; set; } = "";
    }
}
