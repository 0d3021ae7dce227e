using System.CommandLine;
using System.Globalization;
using System.Text.RegularExpressions;
using EcommerceMl.Trainer;

namespace EcommerceMl.Cli.Simulate;

/// <summary>
/// <c>ecml simulate --url URL [--shift] …</c>: shopper traffic against a running inference server (<c>ecml serve</c>,
/// a local-mode deployment, a port-forwarded Service) — recommendation requests and the v2 events of each session —
/// so its sink fills with live behaviour and its monitor has something to watch; <c>--shift</c> makes that behaviour
/// drift in a stated way (<see cref="ShopperTraffic.ShiftDescription"/>).
/// </summary>
internal static partial class SimulateCommand
{
    public const double DefaultRate = 10;
    public const double MaxRate = 1000;
    public const int MaxSessions = 10_000_000;
    public static readonly TimeSpan DefaultDuration = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan MaxDuration = TimeSpan.FromHours(24);

    public static Command Create(TimeProvider time)
    {
        var url = new Option<string>("--url") { Description = "the inference server, e.g. http://127.0.0.1:8080", Required = true };
        var shift = new Option<bool>("--shift") { Description = $"shift the traffic: {ShopperTraffic.ShiftDescription}" };
        var seed = new Option<int>("--seed") { Description = "seed of the traffic (same shop and seed, same sessions)", DefaultValueFactory = _ => 1 };
        var rate = new Option<double>("--rate") { Description = $"shopper sessions per second (each: one recommendation request and one event batch; default {DefaultRate})", DefaultValueFactory = _ => DefaultRate };
        var duration = new Option<string?>("--duration") { Description = $"how long to run: 90s, 2m, 1h (default {DefaultDuration.TotalSeconds:0}s unless --requests)" };
        var requests = new Option<int?>("--requests") { Description = "how many sessions to run instead of a duration" };
        var shop = new Option<string>("--shop")
        {
            Description = "the shop whose recent orders the sessions are drawn from — the data the served models were trained on: synthetic (a TrainingJob's dataSource.synthetic), a folder of canonical CSVs (make run's .ecml/shop), …",
            DefaultValueFactory = _ => TrainerVariables.SyntheticData,
        };
        var model = new Option<string?>("--model") { Description = "the recommendation model to ask (default: the server's first)" };
        var apiKey = new Option<string?>("--api-key") { Description = "the server's API key (sent as X-Api-Key), when it has one" };
        var command = new Command(
            "simulate",
            "Send shopper traffic to a running inference server: sessions that ask for recommendations and report page and product views, searches, cart adds, " +
            "checkout steps and purchases (schema v2 events; a purchase carries the recommendationId of the answer that led to it), drawn from the shop's recent orders: " +
            "each session's customer buys, in the categories of one of their recent baskets, products they have not bought yet, by how well they sell. " +
            $"--shift: {ShopperTraffic.ShiftDescription}. Prints what was sent and how the server answered; exit 1 when requests failed.")
        {
            url, shift, seed, rate, duration, requests, shop, model, apiKey,
        };
        command.SetAction((parse, cancellationToken) => CommandLineRunner.GuardAsync(parse.InvocationConfiguration.Error, async () =>
        {
            var console = parse.InvocationConfiguration.Output;
            var baseUrl = ParseUrl(parse.GetValue(url)!);
            var limits = ParseLimits(parse.GetValue(rate), parse.GetValue(duration), parse.GetValue(requests));
            var shifted = parse.GetValue(shift);
            var data = TrainingDataSources.Load(parse.GetValue(shop)!).Data;
            var traffic = new ShopperTraffic(data, shifted, parse.GetValue(seed));

            using var http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(10) };
            if (parse.GetValue(apiKey) is { Length: > 0 } key)
            {
                http.DefaultRequestHeaders.Add("X-Api-Key", key);
            }

            var client = new InferenceClient(http, time);
            var recommender = parse.GetValue(model) ?? await FirstRecommenderAsync(client, baseUrl, cancellationToken);
            await console.WriteLineAsync(
                $"simulating shoppers against {baseUrl}: {limits.SessionsPerSecond:0.##} sessions/s, {Until(limits)}; baskets from {data.Name}" +
                (recommender is null ? "" : $"; recommendations from {recommender}") + ". Ctrl+C stops it.");
            if (shifted)
            {
                await console.WriteLineAsync($"shifted: {ShopperTraffic.ShiftDescription}.");
            }

            var summary = await new TrafficSimulator(client, traffic, time).RunAsync(limits, recommender, cancellationToken);
            await console.WriteLineAsync(summary.Format(baseUrl.ToString(), recommender, shifted));
            return summary.ErrorCount == 0 ? 0 : TrainerExitCodes.Failed;
        }));
        return command;
    }

    /// <summary>An absolute http(s) address, ending in '/' so that relative paths append to it.</summary>
    internal static Uri ParseUrl(string url)
    {
        if (!Uri.TryCreate(url.Trim(), UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"--url must be the http:// or https:// address of an inference server, e.g. http://127.0.0.1:8080; got '{url}'.");
        }

        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    internal static TrafficLimits ParseLimits(double rate, string? duration, int? requests)
    {
        if (!(rate > 0 && rate <= MaxRate))
        {
            throw new ArgumentException($"--rate must be more than 0 and at most {MaxRate:0} sessions per second; got {rate.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (duration is not null && requests is not null)
        {
            throw new ArgumentException("give --duration or --requests, not both: the run ends after a time or after a number of sessions.");
        }

        if (requests is { } n && n is < 1 or > MaxSessions)
        {
            throw new ArgumentException($"--requests must be between 1 and {MaxSessions:N0} sessions; got {n}.");
        }

        return new TrafficLimits(rate, requests is null ? ParseDuration(duration) : null, requests);
    }

    /// <summary>A duration such as <c>90s</c>, <c>2m</c>, <c>1h</c> or plain seconds; the default when none is given.</summary>
    internal static TimeSpan ParseDuration(string? text)
    {
        if (text is null)
        {
            return DefaultDuration;
        }

        var match = DurationPattern().Match(text.Trim());
        var value = match.Success ? double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture) : 0;
        var duration = match.Groups["unit"].Value switch
        {
            "h" => TimeSpan.FromHours(value),
            "m" => TimeSpan.FromMinutes(value),
            _ => TimeSpan.FromSeconds(value),
        };
        if (!match.Success || duration <= TimeSpan.Zero || duration > MaxDuration)
        {
            throw new ArgumentException($"--duration must be a length such as 90s, 2m or 1h, more than 0 and at most 24h; got '{text}'.");
        }

        return duration;
    }

    private static async Task<string?> FirstRecommenderAsync(InferenceClient client, Uri url, CancellationToken cancellationToken)
    {
        try
        {
            return (await client.RecommendationModelsAsync(cancellationToken)).FirstOrDefault();
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new ArgumentException($"cannot reach an inference server at {url}: {e.Message}. Start one (ecml serve, ecml up) or check --url.", e);
        }
    }

    private static string Until(TrafficLimits limits) => limits.Sessions is { } n
        ? $"{n:N0} sessions"
        : $"for {limits.Duration!.Value.TotalSeconds:0.#} s";

    [GeneratedRegex("^(?<value>[0-9]+(\\.[0-9]+)?)(?<unit>[smh]?)$", RegexOptions.CultureInvariant)]
    private static partial Regex DurationPattern();
}
