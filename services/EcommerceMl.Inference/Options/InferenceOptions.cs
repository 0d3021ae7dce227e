using System.ComponentModel.DataAnnotations;

namespace EcommerceMl.Inference.Options;

/// <summary>The <c>Ecml:Inference</c> configuration section: what to serve and how much a request may ask for.</summary>
public sealed class InferenceOptions : IValidatableObject
{
    public const string SectionName = InferenceConfiguration.SectionName;

    /// <summary>
    /// Models to serve, as <c>name</c> (latest version) or <c>name@version</c> (pinned).
    /// Empty: every model in the store, latest version each.
    /// </summary>
    public IList<string> Models { get; init; } = [];

    /// <summary>Upper bound of <c>k</c> on recommendation and similar-product requests.</summary>
    [Range(1, 10_000)]
    public int MaxK { get; set; } = 100;

    /// <summary>Upper bound of a forecast's <c>horizon</c>, in days.</summary>
    [Range(1, 3_650)]
    public int MaxHorizon { get; set; } = 365;

    /// <summary>
    /// The shop's time zone (IANA id, e.g. <c>Europe/London</c>): a forecast without <c>start</c> starts on today's
    /// date there. The shop's data are wall-clock times in it.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string ShopTimeZone { get; set; } = "UTC";

    /// <summary>
    /// Most days between a model's last day of data and a forecast's start that are forecast through; a model older
    /// than that for the range asked answers 422 naming its data's end. Models forecast at most
    /// <see cref="Ml.Forecasting.ForecastWindow.MaxStepsPastData"/> days past their data, so this plus
    /// <see cref="MaxHorizon"/> may not exceed it.
    /// </summary>
    [Range(0, Ml.Forecasting.ForecastWindow.MaxStepsPastData - 1)]
    public int MaxForecastGapDays { get; set; } = 90;

    /// <summary>Largest request body accepted, in bytes; larger ones get 413.</summary>
    [Range(1_024, 64 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Most items one request may carry: tensor rows (V2), instances (V1), customers in a batch endpoint.</summary>
    [Range(1, 100_000)]
    public int MaxBatchSize { get; set; } = 1_000;

    /// <summary>
    /// The <c>k</c> whose recommendations and similar products are kept in memory (the default <c>k</c> of 10);
    /// 0 turns the tables off. Requests for another <c>k</c> ask the model.
    /// </summary>
    [Range(0, 1_000)]
    public int PrecomputedTopK { get; set; } = 10;

    /// <summary>
    /// How many of the most active customers get their top-<see cref="PrecomputedTopK"/> computed at load (and at
    /// most as many products their similar products, as first asked for); about 500 bytes each at k = 10.
    /// </summary>
    [Range(0, 10_000_000)]
    public int MaxPrecomputedCustomers { get; set; } = 50_000;

    /// <summary>
    /// Bytes of finished answer bodies kept per served model version (<c>Models/AnswerCache</c>): the default-shaped
    /// recommendations of known customers (GET and Open Inference), similar products and known customers' churn,
    /// serialized once on first ask and written as they are afterwards. Past the budget, answers are built per request as before; 0 turns the cache off.
    /// </summary>
    [Range(0, long.MaxValue)]
    public long MaxCachedAnswerBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>Most recent events kept in memory for drift statistics; older ones are dropped.</summary>
    [Range(1, 10_000_000)]
    public int MaxBufferedEvents { get; set; } = 100_000;

    /// <summary>
    /// Memory the buffered events may take (their strings and objects, estimated); past it the oldest are dropped as
    /// past <see cref="MaxBufferedEvents"/>. With ids of 10–40 characters 100 000 events take about 20 MB.
    /// </summary>
    [Range(64 * 1024, 16L * 1024 * 1024 * 1024)]
    public long MaxBufferedEventBytes { get; set; } = 64L * 1024 * 1024;

    /// <summary>
    /// Longest id or string a request may carry, in characters: customer and product ids, model names, forecast
    /// scopes, churn attribute names and values, V2 BYTES elements. A shop's ids are tens of characters.
    /// </summary>
    [Range(16, 1024 * 1024)]
    public int MaxStringLength { get; set; } = 256;

    /// <summary>
    /// Largest answer body, in bytes: a request whose answer would be larger (a V2 forecast of many scopes over a
    /// long horizon, a batch of many customers with large <c>k</c>) is refused with 400 saying what to reduce.
    /// </summary>
    [Range(64 * 1024, 1024L * 1024 * 1024)]
    public long MaxAnswerBytes { get; set; } = 8L * 1024 * 1024;

    /// <summary>
    /// Requests per second one client (remote IP address) may make, on average; 0 = no rate limit. Health, readiness
    /// and metrics are never limited. Past it the client gets 429 with Retry-After.
    /// </summary>
    [Range(0, 10_000_000)]
    public int RateLimitPerSecond { get; set; } = 10_000;

    /// <summary>Requests one client may make at once above <see cref="RateLimitPerSecond"/> (the token bucket's size).</summary>
    [Range(1, 10_000_000)]
    public int RateLimitBurst { get; set; } = 20_000;

    /// <summary>Requests one client may have in progress at once; 0 = no limit. Past it the client gets 429.</summary>
    [Range(0, 100_000)]
    public int MaxConcurrentRequestsPerClient { get; set; } = 256;

    /// <summary>How long a request may take, from its headers to its answer (a slow body upload included); 0 = no limit. Past it: 504.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// A folder to append accepted events to, as <c>events-NNNNNN.csv</c> in the shop's events.csv layout, by a
    /// background writer; unset (the default) keeps events in memory only.
    /// </summary>
    public string? EventLogDirectory { get; set; }

    /// <summary>Event batches waiting for the writer; when full, new batches are dropped (and counted), never waited for.</summary>
    [Range(1, 1_000_000)]
    public int EventLogQueueCapacity { get; set; } = 1_024;

    /// <summary>Size at which the writer starts a new file.</summary>
    [Range(1_024, 10L * 1024 * 1024 * 1024)]
    public long EventLogMaxFileBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>Files kept; the oldest is deleted when a new one would exceed this, bounding the folder's size.</summary>
    [Range(1, 100_000)]
    public int EventLogMaxFiles { get; set; } = 16;

    /// <summary>
    /// How often to look for a newer version of each model served at <c>latest</c> and hot-swap to it;
    /// zero turns the check off. Pinned models (<c>name@version</c>) never change.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Log one prediction in this many (request id, model, version, endpoint, latency) for audit; 0 = off, 1 = all.</summary>
    [Range(0, 1_000_000)]
    public int PredictionLogEvery { get; set; } = 100;

    /// <summary>When set, every request except /healthz, /readyz, /metrics and /v2/health/* must carry it in <see cref="ApiKeyHeader"/>.</summary>
    public string? ApiKey { get; set; }

    [Required(AllowEmptyStrings = false)]
    public string ApiKeyHeader { get; set; } = "X-Api-Key";

    /// <summary>
    /// A publishable key for the storefront (as a Segment write key or a Stripe publishable key): with <see cref="ApiKey"/>
    /// set, it lets a request through on POST /v1/events and GET /v1/tracker.js only (and their CORS preflights), given
    /// as the <c>eventsKey</c> query parameter (what the tracker sends: a beacon cannot set headers) or the
    /// <c>X-Events-Key</c> header. Pages show it to everyone, so it opens nothing else; the CORS allow-list still applies.
    /// </summary>
    public string? EventsKey { get; set; }

    /// <summary>First wait before retrying a store that could not be reached; doubles up to <see cref="StoreRetryMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan StoreRetryInitialDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan StoreRetryMaxDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Shop origins (<c>https://shop.example</c>, scheme, host and port only) whose pages may send events with the
    /// storefront tracker (<c>/v1/tracker.js</c>) to <c>POST /v1/events</c>: CORS for those two routes. Empty: only
    /// pages this server serves; <c>*</c>: any origin.
    /// </summary>
    public IList<string> TrackerOrigins { get; init; } = [];

    /// <summary>The <see cref="ShopTimeZone"/>; valid only after validation passed.</summary>
    public TimeZoneInfo ShopTimeZoneInfo() => _shopTimeZone ??= TimeZoneInfo.FindSystemTimeZoneById(ShopTimeZone);

    private TimeZoneInfo? _shopTimeZone;

    /// <summary>The parsed <see cref="Models"/>; valid only after validation passed.</summary>
    public IReadOnlyList<ModelSpec> ModelSpecs() => Models.Select(m => ModelSpec.TryParse(m, out var spec, out _) ? spec : throw new InvalidOperationException(
        $"{SectionName}:Models entry '{m}' is invalid; options validation should have refused it.")).ToList();

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrEmpty(EventsKey) && string.Equals(EventsKey, ApiKey, StringComparison.Ordinal))
        {
            yield return new ValidationResult(
                $"{SectionName}:EventsKey must differ from ApiKey: the events key is published in the shop's pages, the API key opens everything.",
                [nameof(EventsKey)]);
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in Models)
        {
            if (!ModelSpec.TryParse(text, out var spec, out var error))
            {
                yield return new ValidationResult($"{SectionName}:Models: {error}", [nameof(Models)]);
            }
            else if (!seen.Add(spec.Name))
            {
                yield return new ValidationResult(
                    $"{SectionName}:Models names model '{spec.Name}' more than once; serve one version per model.", [nameof(Models)]);
            }
        }

        if (!string.IsNullOrWhiteSpace(ShopTimeZone) && !TimeZoneInfo.TryFindSystemTimeZoneById(ShopTimeZone, out _))
        {
            yield return new ValidationResult(
                $"{SectionName}:ShopTimeZone '{ShopTimeZone}' is not a time zone this system knows; give an IANA id such as UTC or Europe/London.",
                [nameof(ShopTimeZone)]);
        }

        if (MaxHorizon + MaxForecastGapDays > Ml.Forecasting.ForecastWindow.MaxStepsPastData)
        {
            yield return new ValidationResult(
                $"{SectionName}:MaxHorizon ({MaxHorizon}) + MaxForecastGapDays ({MaxForecastGapDays}) must not exceed {Ml.Forecasting.ForecastWindow.MaxStepsPastData}: models forecast at most that many days past their data.",
                [nameof(MaxForecastGapDays)]);
        }

        foreach (var origin in TrackerOrigins.Where(o => o != "*" && !IsOrigin(o)))
        {
            yield return new ValidationResult(
                $"{SectionName}:TrackerOrigins entry '{origin}' is not an origin: give scheme, host and optional port, such as https://shop.example or http://localhost:3000, or *.",
                [nameof(TrackerOrigins)]);
        }

        if (StoreRetryMaxDelay < StoreRetryInitialDelay)
        {
            yield return new ValidationResult(
                $"{SectionName}:StoreRetryMaxDelay ({StoreRetryMaxDelay}) must not be shorter than StoreRetryInitialDelay ({StoreRetryInitialDelay}).",
                [nameof(StoreRetryMaxDelay)]);
        }
    }

    private static bool IsOrigin(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri)
        && uri.Scheme is "http" or "https"
        && uri.AbsolutePath == "/" && !text.EndsWith('/') && uri.Query.Length == 0 && uri.Fragment.Length == 0 && uri.UserInfo.Length == 0;
}
