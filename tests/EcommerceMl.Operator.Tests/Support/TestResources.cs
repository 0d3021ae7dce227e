using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Support;

/// <summary>Stored-looking resources (namespace, uid, generation set) and the operator settings tests build with.</summary>
internal static class TestResources
{
    public static WorkloadSettings Settings { get; } = new()
    {
        TrainerImage = "ghcr.io/ecommerce-ml/trainer:1.0.0",
        InferenceImage = "ghcr.io/ecommerce-ml/inference:1.0.0",
        Store = "s3://models/shop",
        S3Endpoint = "http://minio.ml.svc:9000",
        CredentialsSecretName = "ecml-store",
    };

    public static TrainingJob TrainingJob(string name = "shop-recs-1", Action<TrainingJobSpec>? configure = null)
    {
        var trainingJob = new TrainingJob
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop", Uid = $"uid-{name}", Generation = 1 },
            Spec = new TrainingJobSpec
            {
                Model = "shop-recs",
                Task = ModelTask.Recommendation,
                Algorithm = AlgorithmCatalogue.ItemCosine,
                DataSource = new DataSourceSpec { Synthetic = new SyntheticDataSource() },
            },
        };
        configure?.Invoke(trainingJob.Spec);
        return trainingJob;
    }

    public static ModelDeployment ModelDeployment(string name = "shop-recs", Action<ModelDeploymentSpec>? configure = null)
    {
        var deployment = new ModelDeployment
        {
            Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = "shop", Uid = $"uid-{name}", Generation = 1 },
            Spec = new ModelDeploymentSpec { Model = "shop-recs", Version = ModelDeploymentSpec.Latest, Replicas = 2 },
        };
        configure?.Invoke(deployment.Spec);
        return deployment;
    }
}
