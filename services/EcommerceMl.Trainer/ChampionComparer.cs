using System.Globalization;
using EcommerceMl.Artifacts;
using EcommerceMl.Ml;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer;

/// <summary>
/// Champion against challenger: scores the servable version of the model (found before this run
/// publishes) on this run's held-out window and records both values on the gate metric. Which part of
/// the window is fair to both is <see cref="ChampionWindow"/>'s decision (docs/decisions.md); what
/// passes is <see cref="ChampionVerdict"/>'s. A champion that cannot be loaded or scored is a note,
/// and the candidate passes: a broken old version must never keep a new one from serving.
/// </summary>
public sealed class ChampionComparer(ITaskPipeline pipeline, IModelStore store)
{
    public async Task<ChampionComparison?> CompareAsync(
        ModelManifest? champion, ModelManifest candidate, QualityGate? gate, TrainingRequest request, TrainingOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(outcome);
        if (champion is null || gate is null || !candidate.Metrics.TryGetValue(gate.Metric, out var challengerValue))
        {
            return null;
        }

        if (champion.Task != candidate.Task)
        {
            return Unscored($"the champion is a {champion.Task} model, not {candidate.Task}");
        }

        var window = ChampionWindow.Choose(champion, candidate);
        if (window.Recorded)
        {
            return champion.Metrics.TryGetValue(gate.Metric, out var recorded)
                ? ChampionVerdict.Decide(champion.Version, gate, recorded, challengerValue, window.Note)
                : Unscored($"the champion's manifest has no {gate.Metric}");
        }

        try
        {
            var model = await LoadAsync(champion, cancellationToken).ConfigureAwait(false);
            if (window.From is { } from)
            {
                var evaluated = outcome.EvaluatedModel
                    ?? throw new ModelNotScorableException("this run kept no model of its training split to score on the same days");
                challengerValue = Metric(pipeline.Evaluate(evaluated, request, from), gate.Metric);
                return ChampionVerdict.Decide(champion.Version, gate, Metric(pipeline.Evaluate(model, request, from), gate.Metric), challengerValue, window.Note);
            }

            return ChampionVerdict.Decide(champion.Version, gate, Metric(pipeline.Evaluate(model, request), gate.Metric), challengerValue, window.Note);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Also a store error: the publish that follows meets the same store and fails the run (exit 1, retried).
            return Unscored($"{(window.Note is null ? string.Empty : window.Note + "; ")}not compared: {CommandLineRunner.MessageOf(e)}");
        }

        ChampionComparison Unscored(string note) =>
            new(champion.Version, gate.Metric, gate.Bound, null, challengerValue, gate.Tolerance, Passed: true, note);
    }

    private async Task<ITrainedModel> LoadAsync(ModelManifest champion, CancellationToken cancellationToken)
    {
        var loaded = await store.LoadAsync(champion.Model, champion.Version, cancellationToken).ConfigureAwait(false);
        if (!loaded.Files.TryGetValue(ITrainedModel.FileName, out var bytes))
        {
            throw new ModelIntegrityException($"version {champion.Version} has no {ITrainedModel.FileName}");
        }

        using var stream = new MemoryStream(bytes, writable: false);
        return pipeline.Load(champion.Algorithm, stream);
    }

    private static double Metric(IReadOnlyDictionary<string, double> metrics, string name) =>
        metrics.TryGetValue(name, out var value)
            ? value
            : throw new ModelNotScorableException(string.Create(CultureInfo.InvariantCulture, $"scoring it gave no {name}"));
}
