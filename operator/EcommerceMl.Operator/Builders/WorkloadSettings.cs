using k8s.Models;

namespace EcommerceMl.Operator.Builders;

/// <summary>
/// The operator's configuration that fills what a resource leaves out: images, the model store,
/// its endpoint and the Secret holding its credentials (DESIGN.md: "defaults from the operator's config").
/// </summary>
public sealed record WorkloadSettings
{
    public required string TrainerImage { get; init; }

    public required string InferenceImage { get; init; }

    /// <summary>Default model store: <c>s3://bucket[/prefix]</c> (or a folder inside the containers).</summary>
    public required string Store { get; init; }

    /// <summary>The S3 server, e.g. <c>http://minio.ml.svc:9000</c>; needed when a store is <c>s3://</c>.</summary>
    public string? S3Endpoint { get; init; }

    /// <summary>Default Secret with AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and optional AWS_REGION), in the resource's namespace.</summary>
    public string? CredentialsSecretName { get; init; }

    /// <summary>The Secret trainer Pods get (credentials that read data and write model versions); null: <see cref="CredentialsSecretName"/>.</summary>
    public string? TrainerCredentialsSecretName { get; init; }

    /// <summary>The Secret inference Pods get (credentials that read models and append events); null: <see cref="CredentialsSecretName"/>.</summary>
    public string? InferenceCredentialsSecretName { get; init; }

    public string ImagePullPolicy { get; init; } = "IfNotPresent";

    /// <summary>Used when a TrainingJob sets no resources.</summary>
    public V1ResourceRequirements? TrainerResources { get; init; }

    /// <summary>Used when a ModelDeployment sets no resources.</summary>
    public V1ResourceRequirements? InferenceResources { get; init; }
}
