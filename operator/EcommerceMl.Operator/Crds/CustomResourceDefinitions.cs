using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Crds;

/// <summary>
/// The CustomResourceDefinitions of the platform, built from the resource types: names, short
/// names, the status subresource and the printer columns <c>kubectl get</c> shows.
/// </summary>
public static class CustomResourceDefinitions
{
    /// <summary><c>kubectl get ecommerce-ml</c> lists every kind of the platform.</summary>
    public const string Category = "ecommerce-ml";

    public static IReadOnlyList<V1CustomResourceDefinition> All() => [TrainingJob(), ModelDeployment(), Model()];

    public static V1CustomResourceDefinition TrainingJob() => Build(
        Resources.V1Alpha1.TrainingJob.KindName,
        Resources.V1Alpha1.TrainingJob.Plural,
        Resources.V1Alpha1.TrainingJob.Singular,
        Resources.V1Alpha1.TrainingJob.ShortName,
        SchemaGenerator.ForResource(typeof(TrainingJob), typeof(TrainingJobSpec), typeof(TrainingJobStatus)),
        [
            Column("Model", "string", ".spec.model"),
            Column("Task", "string", ".spec.task"),
            Column("Algorithm", "string", ".spec.algorithm", priority: 1),
            Column("Phase", "string", ".status.phase"),
            Column("Version", "string", ".status.modelVersion"),
            Column("Gate", "string", ".status.gate.summary"),
            Column("Attempts", "integer", ".status.attempts", priority: 1),
            Column("Message", "string", ".status.message", priority: 1),
            Column("Age", "date", ".metadata.creationTimestamp"),
        ]);

    public static V1CustomResourceDefinition ModelDeployment() => Build(
        Resources.V1Alpha1.ModelDeployment.KindName,
        Resources.V1Alpha1.ModelDeployment.Plural,
        Resources.V1Alpha1.ModelDeployment.Singular,
        Resources.V1Alpha1.ModelDeployment.ShortName,
        SchemaGenerator.ForResource(typeof(ModelDeployment), typeof(ModelDeploymentSpec), typeof(ModelDeploymentStatus)),
        [
            Column("Model", "string", ".spec.model"),
            Column("Current", "string", ".status.currentVersion"),
            Column("Candidate", "string", ".status.candidateVersion"),
            Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status"),
            Column("Replicas", "integer", ".status.readyReplicas", priority: 1),
            Column("Transition", "string", ".status.modelStatus.transitionStatus", priority: 1),
            Column("Conversion", "string", ".status.analysis.conversion.summary", priority: 1),
            Column("URL", "string", ".status.endpoint"),
            Column("Age", "date", ".metadata.creationTimestamp"),
        ]);

    public static V1CustomResourceDefinition Model() => Build(
        Resources.V1Alpha1.Model.KindName,
        Resources.V1Alpha1.Model.Plural,
        Resources.V1Alpha1.Model.Singular,
        Resources.V1Alpha1.Model.ShortName,
        SchemaGenerator.ForResource(typeof(Model), typeof(ModelSpec), typeof(ModelResourceStatus)),
        [
            Column("Task", "string", ".spec.task"),
            Column("Servable", "string", ".status.servableVersion"),
            Column("Drift", "string", ".status.drift.summary"),
            Column("Last trained", "date", ".status.lastTrainedTime"),
            // A time to come: as a date kubectl would print an age, which is meaningless for the future.
            Column("Next", "string", ".status.nextScheduleTime"),
            Column("Training", "string", ".status.activeJob", priority: 1),
            Column("Trigger", "string", ".status.lastTrigger.reason", priority: 1),
            Column("Ready", "string", ".status.conditions[?(@.type==\"Ready\")].status", priority: 1),
            Column("Age", "date", ".metadata.creationTimestamp"),
        ]);

    /// <summary>The CRD's object name: <c>{plural}.{group}</c>.</summary>
    public static string NameOf(string plural) => $"{plural}.{MlApi.Group}";

    private static V1CustomResourceDefinition Build(
        string kind, string plural, string singular, string shortName, V1JSONSchemaProps schema, IList<V1CustomResourceColumnDefinition> columns) => new()
        {
            ApiVersion = "apiextensions.k8s.io/v1",
            Kind = "CustomResourceDefinition",
            Metadata = new V1ObjectMeta
            {
                Name = NameOf(plural),
                Labels = new Dictionary<string, string>
                {
                    ["app.kubernetes.io/name"] = "ecommerce-ml",
                    ["app.kubernetes.io/part-of"] = "ecommerce-ml",
                },
            },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = MlApi.Group,
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames
                {
                    Kind = kind,
                    ListKind = kind + "List",
                    Plural = plural,
                    Singular = singular,
                    ShortNames = [shortName],
                    Categories = [Category],
                },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = MlApi.Version,
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = schema },
                        Subresources = new V1CustomResourceSubresources { Status = new Dictionary<string, object>() },
                        AdditionalPrinterColumns = columns,
                    },
                ],
            },
        };

    private static V1CustomResourceColumnDefinition Column(string name, string type, string jsonPath, int? priority = null) =>
        new() { Name = name, Type = type, JsonPath = jsonPath, Priority = priority };
}
