using EcommerceMl.Contracts;

namespace EcommerceMl.Operator.Local.Gateway;

/// <summary>One ModelDeployment behind the gateway: the model it serves, that model's task when known, and where its Service answers (null until ready).</summary>
public sealed record GatewayBackend(string Deployment, string Model, string? Task, Uri? Address);

/// <summary>What the gateway does with a request: forward it to <see cref="Target"/>, merge every backend's model list, or answer itself.</summary>
public sealed record GatewayDecision
{
    public GatewayBackend? Target { get; private init; }

    /// <summary>The list answer to merge from every backend (<c>/v1/models</c>, <c>/v1/dashboard</c>); null: not a merge.</summary>
    public MergedList? Merge { get; private init; }

    /// <summary>The status the gateway answers with itself (200 for its own health, 404/503 with <see cref="Message"/>).</summary>
    public int? Status { get; private init; }

    public string? Message { get; private init; }

    public static GatewayDecision Forward(GatewayBackend target) => new() { Target = target };

    public static GatewayDecision MergeFrom(MergedList list) => new() { Merge = list };

    public static GatewayDecision Answer(int status, string message) => new() { Status = status, Message = message };
}

/// <summary>
/// An answer whose arrays the gateway concatenates from every backend, each item once (by its
/// <c>name</c> or <c>model</c> and <c>version</c>): a client sees one server holding every model.
/// </summary>
public sealed record MergedList(string Path, IReadOnlyList<string> Arrays)
{
    public static MergedList Models { get; } = new("/v1/models", ["models"]);

    /// <summary>The console's summary: models with what it offers to pick per task, and each recommendation version's conversions.</summary>
    public static MergedList Dashboard { get; } = new("/v1/dashboard", ["models", "recommenders", "forecasters", "churn", "conversions"]);
}

/// <summary>
/// Local mode's stand-in for an Ingress in front of every ModelDeployment: one stable address
/// (<c>ecml up --listen</c>, what <c>make run</c> prints) routed to the inference server that serves the
/// model a request names — by path (<c>/v2/models/{name}/…</c>, <c>/v1/models/{name}…</c>), by <c>?model=</c>,
/// or by the task of the endpoint (<c>/v1/recommendations</c> → the recommendation model). Pure.
/// </summary>
public static class GatewayRoutes
{
    private static readonly (string Prefix, string Task)[] TaskEndpoints =
    [
        ("/v1/recommendations", ModelTask.Recommendation),
        ("/v1/products/", ModelTask.Recommendation),
        ("/v1/forecast", ModelTask.Forecast),
        ("/v1/demand", ModelTask.Forecast),
        ("/v1/churn", ModelTask.Churn),
        ("/v1/search", ModelTask.Search),
    ];

    public static GatewayDecision Decide(string path, string? model, IReadOnlyList<GatewayBackend> backends)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(backends);
        if (path is "/healthz")
        {
            return GatewayDecision.Answer(200, "alive");
        }

        if (path is "/readyz" or "/v2/health/ready")
        {
            var waiting = backends.Where(b => b.Address is null).Select(b => b.Deployment).ToList();
            return backends.Count == 0
                ? GatewayDecision.Answer(503, "No ModelDeployment is running yet.")
                : waiting.Count == 0
                    ? GatewayDecision.Answer(200, "ready")
                    : GatewayDecision.Answer(503, $"Not ready yet: {string.Join(", ", waiting)}.");
        }

        if (path is "/v1/models" or "/v1/models/")
        {
            return GatewayDecision.MergeFrom(MergedList.Models);
        }

        if (path is "/v1/dashboard" or "/v1/dashboard/")
        {
            return GatewayDecision.MergeFrom(MergedList.Dashboard);
        }

        if (NamedInPath(path) is { } named)
        {
            return ByModel(named, backends);
        }

        if (!string.IsNullOrEmpty(model))
        {
            return ByModel(model, backends);
        }

        var task = TaskEndpoints.FirstOrDefault(e => path.StartsWith(e.Prefix, StringComparison.Ordinal)).Task;
        var candidates = task is null ? backends : [.. backends.Where(b => b.Task == task)];
        // Deterministic when several qualify: ready ones first, then the tasks in the catalogue's order, then by name.
        var chosen = candidates
            .OrderBy(b => b.Address is null)
            .ThenBy(b => b.Task is null ? int.MaxValue : IndexOf(b.Task))
            .ThenBy(b => b.Deployment, StringComparer.Ordinal)
            .FirstOrDefault();
        return chosen is null
            ? GatewayDecision.Answer(404, task is null
                ? "No ModelDeployment is running yet."
                : $"No ModelDeployment serves a {task} model; apply one, or name the model with ?model=.")
            : Ready(chosen);
    }

    /// <summary>The model a path names: <c>/v2/models/{name}[/…]</c>, <c>/v1/models/{name}[:predict]</c> or the console's <c>/v1/dashboard/models/{name}/…</c>.</summary>
    private static string? NamedInPath(string path)
    {
        foreach (var prefix in new[] { "/v2/models/", "/v1/models/", "/v1/dashboard/models/" })
        {
            if (path.StartsWith(prefix, StringComparison.Ordinal) && path.Length > prefix.Length)
            {
                var rest = path[prefix.Length..];
                var end = rest.IndexOfAny(['/', ':']);
                return Uri.UnescapeDataString(end < 0 ? rest : rest[..end]);
            }
        }

        return null;
    }

    private static GatewayDecision ByModel(string model, IReadOnlyList<GatewayBackend> backends)
    {
        var serving = backends.Where(b => b.Model == model).OrderBy(b => b.Address is null).ThenBy(b => b.Deployment, StringComparer.Ordinal).FirstOrDefault();
        return serving is null
            ? GatewayDecision.Answer(404, $"No ModelDeployment serves model '{model}'. Served here: {Describe(backends)}.")
            : Ready(serving);
    }

    private static GatewayDecision Ready(GatewayBackend backend) => backend.Address is null
        ? GatewayDecision.Answer(503, $"ModelDeployment '{backend.Deployment}' (model '{backend.Model}') is not ready yet; `ecml get mdep` says why.")
        : GatewayDecision.Forward(backend);

    private static string Describe(IReadOnlyList<GatewayBackend> backends) =>
        backends.Count == 0 ? "none yet" : string.Join(", ", backends.Select(b => b.Model).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));

    private static int IndexOf(string task)
    {
        var index = ModelTask.All.ToList().IndexOf(task);
        return index < 0 ? int.MaxValue : index;
    }
}
