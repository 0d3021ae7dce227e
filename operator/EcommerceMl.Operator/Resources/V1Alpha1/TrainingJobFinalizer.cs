namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>
/// The finalizer a TrainingJob carries only when <c>spec.output.deleteArtifactsOnDelete</c> is true:
/// Kubernetes keeps the deleted TrainingJob (with a deletionTimestamp) until the operator has
/// deleted its model version and removed the finalizer.
/// </summary>
public static class TrainingJobFinalizer
{
    public const string Artifacts = MlApi.Group + "/artifacts";

    public static bool IsOn(TrainingJob trainingJob)
    {
        ArgumentNullException.ThrowIfNull(trainingJob);
        return trainingJob.Metadata.Finalizers?.Contains(Artifacts) == true;
    }
}
