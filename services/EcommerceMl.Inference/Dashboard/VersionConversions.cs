using EcommerceMl.Contracts.Events;
using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Observability;

namespace EcommerceMl.Inference.Dashboard;

/// <summary>
/// The console's conversions per version: each version's answers, the product views, cart adds and purchases its
/// recommendation ids brought back, and the rates per answer. Pure. A version with conversions but no answers here
/// (another Pod answered: a canary's, seen on a stable Pod) is listed with its counts and no rates.
/// </summary>
internal static class VersionConversions
{
    public static IReadOnlyList<DashboardConversion> From(RecommendationCounts counts)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var versions = counts.Answers.Keys
            .Concat(counts.Conversions.Keys.Select(k => (k.Model, k.Version)))
            .Distinct()
            .OrderBy(v => v.Model, StringComparer.Ordinal)
            .ThenByDescending(v => v.Version, StringComparer.Ordinal);
        return [.. versions.Select(v =>
        {
            var answers = counts.Answers.GetValueOrDefault(v);
            long Of(string kind) => counts.Conversions.GetValueOrDefault((v.Model, v.Version, kind));
            var (views, carts, purchases) = (Of(EventSchema.ProductView), Of(EventSchema.AddToCart), Of(EventSchema.Purchase));
            return new DashboardConversion(
                v.Model, v.Version, answers, views, carts, purchases,
                answers == 0 ? null : (double)carts / answers,
                answers == 0 ? null : (double)purchases / answers);
        })];
    }
}
