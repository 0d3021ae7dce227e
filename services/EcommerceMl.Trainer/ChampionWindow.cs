namespace EcommerceMl.Trainer;

/// <summary>
/// Which part of this run's held-out window the champion is scored on, so that neither model is
/// scored on data it was fit on (docs/decisions.md, "Champion and challenger"):
/// <list type="bullet">
/// <item>the same data and split as the champion's own run: its recorded held-out value (<see cref="Recorded"/>);</item>
/// <item>the champion's data ends before this run's cutoff: the whole window;</item>
/// <item>it ends inside the window: only the days after the champion's last order, both models
/// scored there (<see cref="From"/>): the candidate by its model of the training split; for churn, whose
/// held-out customers are labelled over one window, only the held-out customers first seen from the
/// champion's cutoff on (it was fit on every customer with an order before it).</item>
/// </list>
/// </summary>
public sealed record ChampionWindow(bool Recorded, DateTime? From, string? Note)
{
    public static ChampionWindow Choose(ModelManifest champion, ModelManifest candidate)
    {
        ArgumentNullException.ThrowIfNull(champion);
        ArgumentNullException.ThrowIfNull(candidate);
        if (candidate.Evaluation is not { } evaluation)
        {
            return new ChampionWindow(false, null, null);
        }

        if (champion.Data.Sha256 == candidate.Data.Sha256 && champion.Evaluation == evaluation)
        {
            return new ChampionWindow(true, null, "same data and held-out split as the champion's own run: its recorded held-out value");
        }

        if (champion.Data.To is not { } end || end < evaluation.Cutoff)
        {
            return new ChampionWindow(false, null, null);
        }

        if (candidate.Task == ModelTask.Churn)
        {
            // Churn's held-out set is customers labelled over one window, which cannot be cut by day; the champion was fit on
            // every customer with an order before its own cutoff, so those first seen from then on are the ones it never saw.
            var since = champion.Evaluation?.Cutoff ?? end.Date.AddDays(1);
            return new ChampionWindow(
                false,
                since,
                $"the champion was fit on every customer with an order before {since:yyyy-MM-dd} and its data reaches into this run's held-out window from " +
                $"{evaluation.Cutoff:yyyy-MM-dd}: both scored only on the held-out customers first seen from {since:yyyy-MM-dd} on");
        }

        var from = end.Date.AddDays(1);
        return new ChampionWindow(
            false,
            from,
            $"the champion was trained on data through {end:yyyy-MM-dd}, inside this run's held-out window from {evaluation.Cutoff:yyyy-MM-dd}: both scored only from {from:yyyy-MM-dd} on");
    }
}
