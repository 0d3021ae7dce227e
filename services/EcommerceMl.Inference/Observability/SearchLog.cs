namespace EcommerceMl.Inference.Observability;

/// <summary>The search endpoints' log lines (the query's text is not logged: shoppers type names and addresses too).</summary>
internal static partial class SearchLog
{
    [LoggerMessage(60, LogLevel.Debug, "Searched {Words} words with {Model} {Version}: {Total} products matched, {Returned} returned")]
    public static partial void Searched(ILogger logger, int words, string model, string version, int total, int returned);

    [LoggerMessage(61, LogLevel.Debug, "Suggested {Count} completions with {Model} {Version}")]
    public static partial void Suggested(ILogger logger, int count, string model, string version);
}
