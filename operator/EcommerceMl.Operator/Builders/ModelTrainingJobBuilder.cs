using EcommerceMl.Operator.Models;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Builders;

/// <summary>
/// Model + the trigger that fired → the TrainingJob of that run: the Model's training template with
/// the model's name and task, the Model's gate as the evaluation gate, named after the trigger
/// (<see cref="TrainingRunNames"/>), labelled with the trigger (the trainer records it) and owned by
/// the Model, so deleting the Model deletes its runs. Pure.
/// </summary>
public static class ModelTrainingJobBuilder
{
    /// <summary>Annotation holding why the run started, in words (status.lastTrigger.message after a restart).</summary>
    public const string TriggerMessageAnnotation = MlApi.LabelPrefix + "trigger-message";

    public static TrainingJob Build(Model model, DueTrigger trigger)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(trigger);
        // A deep copy of the template, so the TrainingJob never shares objects with the Model read from the cluster.
        var template = KubernetesJson.Deserialize<ModelTrainingSpec>(KubernetesJson.Serialize(model.Spec.Training));
        var evaluation = template.Evaluation;
        if (model.Spec.Gate is { } gate)
        {
            evaluation ??= new EvaluationSpec();
            evaluation.Gate = KubernetesJson.Deserialize<GateSpec>(KubernetesJson.Serialize(gate));
        }

        return new TrainingJob
        {
            Metadata = new V1ObjectMeta
            {
                Name = trigger.JobName,
                NamespaceProperty = model.Metadata.NamespaceProperty,
                Labels = Labels(model, trigger.Reason),
                Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [TriggerMessageAnnotation] = trigger.Why },
                OwnerReferences = [OwnerReferences.ControllerOf(model)],
            },
            Spec = new TrainingJobSpec
            {
                Model = model.Metadata.Name,
                Task = model.Spec.Task,
                Algorithm = template.Algorithm,
                Hyperparameters = template.Hyperparameters,
                DataSource = template.DataSource,
                Evaluation = evaluation,
                Output = template.Output,
                RunPolicy = template.RunPolicy,
                Resources = template.Resources,
                Image = template.Image,
            },
        };
    }

    /// <summary>The labels of a Model's run: the standard ones, the Model, the model and the trigger.</summary>
    public static Dictionary<string, string> Labels(Model model, string reason)
    {
        ArgumentNullException.ThrowIfNull(model);
        return StandardLabels.For(TrainingJobBuilder.App, model.Metadata.Name, "training-run",
            (StandardLabels.ModelResource, model.Metadata.Name),
            (StandardLabels.Model, model.Metadata.Name),
            (StandardLabels.Trigger, reason));
    }
}
