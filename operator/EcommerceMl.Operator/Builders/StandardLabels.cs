using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Builders;

/// <summary>The recommended <c>app.kubernetes.io/*</c> labels plus the operator's own, on everything it creates.</summary>
public static class StandardLabels
{
    public const string Name = "app.kubernetes.io/name";
    public const string Instance = "app.kubernetes.io/instance";
    public const string Component = "app.kubernetes.io/component";
    public const string PartOf = "app.kubernetes.io/part-of";
    public const string ManagedBy = "app.kubernetes.io/managed-by";

    public const string PartOfValue = "ecommerce-ml";
    public const string ManagedByValue = "ecommerce-ml-operator";

    public const string TrainingJob = MlApi.LabelPrefix + "training-job";
    public const string ModelDeployment = MlApi.LabelPrefix + "model-deployment";
    public const string Model = MlApi.LabelPrefix + "model";
    public const string ModelVersion = MlApi.LabelPrefix + "model-version";

    /// <summary>On what a Model creates (its TrainingJobs and monitoring Jobs): the Model's name. Not <see cref="Model"/>, which every workload of a model carries.</summary>
    public const string ModelResource = MlApi.LabelPrefix + "model-resource";

    /// <summary>On a Model's TrainingJobs: why the run started (<see cref="TrainingTriggers"/>); the trainer gets it as ECML_TRIGGER.</summary>
    public const string Trigger = MlApi.LabelPrefix + "trigger";

    /// <summary>The labels that identify a workload; stable for its lifetime, so they can be a selector.</summary>
    public static Dictionary<string, string> Selector(string app, string instance, string component) => new(StringComparer.Ordinal)
    {
        [Name] = app,
        [Instance] = instance,
        [Component] = component,
    };

    /// <summary><see cref="Selector"/> plus part-of, managed-by and <paramref name="extra"/>.</summary>
    public static Dictionary<string, string> For(string app, string instance, string component, params (string Key, string Value)[] extra)
    {
        var labels = Selector(app, instance, component);
        labels[PartOf] = PartOfValue;
        labels[ManagedBy] = ManagedByValue;
        foreach (var (key, value) in extra)
        {
            labels[key] = value;
        }

        return labels;
    }

    /// <summary>The value of label <paramref name="key"/> on <paramref name="obj"/>, or null.</summary>
    public static string? ValueOf(k8s.IKubernetesObject<k8s.Models.V1ObjectMeta> obj, string key) =>
        obj?.Metadata?.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;
}
