using System.Globalization;
using System.Text;

namespace EcommerceMl.Cli.Simulate;

/// <summary>What a simulation run sent and how the server answered; printed at the end of <c>ecml simulate</c>.</summary>
public sealed class SimulationSummary
{
    public int Sessions { get; set; }

    public int RecommendationsAnswered { get; set; }

    public int Fallbacks { get; set; }

    public int EventsSent { get; set; }

    public int EventsAccepted { get; set; }

    public int EventsRefused { get; set; }

    public int PurchasesSent { get; set; }

    /// <summary>Purchases that carried the recommendationId of the answer the session got.</summary>
    public int PurchasesAttributed { get; set; }

    public TimeSpan Elapsed { get; set; }

    /// <summary>Failed requests by what failed and how (<c>GET /v1/recommendations: HTTP 503</c>).</summary>
    public SortedDictionary<string, int> Errors { get; } = new(StringComparer.Ordinal);

    /// <summary>The first few reasons the server gave for refusing an event (they should never happen; shown to find out why).</summary>
    public List<string> RefusalSamples { get; } = [];

    public int ErrorCount => Errors.Values.Sum();

    public void AddError(string error) => Errors[error] = Errors.GetValueOrDefault(error) + 1;

    public string Format(string url, string? model, bool shifted)
    {
        var c = CultureInfo.InvariantCulture;
        var seconds = Math.Max(Elapsed.TotalSeconds, 0.001);
        var text = new StringBuilder();
        text.AppendLine(c, $"simulated {Sessions:N0} shopper sessions against {url} in {Elapsed.TotalSeconds:0.0} s ({Sessions / seconds:0.0}/s){(shifted ? ", shifted" : "")}");
        text.AppendLine(model is null
            ? "  recommendations: none asked (the server serves no recommendation model)"
            : string.Create(c, $"  recommendations: {RecommendationsAnswered:N0} answered by {model} ({Fallbacks:N0} with the popularity fallback)"));
        text.AppendLine(c, $"  events: {EventsSent:N0} sent, {EventsAccepted:N0} accepted, {EventsRefused:N0} refused; {PurchasesSent:N0} purchases, {PurchasesAttributed:N0} carrying a recommendationId");
        foreach (var reason in RefusalSamples)
        {
            text.AppendLine(c, $"    refused: {reason}");
        }

        text.Append(Errors.Count == 0
            ? "  errors: none"
            : "  errors: " + string.Join("; ", Errors.Select(e => string.Create(c, $"{e.Value:N0} × {e.Key}"))));
        return text.ToString();
    }
}
