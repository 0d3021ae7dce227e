using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Chart;
using EcommerceMl.Operator.Tests.Support;
using EcommerceMl.Operator.Tests.Support.ApiServer;
using EcommerceMl.Operator.Tests.Support.Prometheus;
using k8s;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Dashboard;

/// <summary>
/// Every query of the chart's Grafana dashboard, evaluated by a real Prometheus (the Debian package) scraping a real
/// inference server and the operator executable: the operator (against the Kubernetes API test server) reconciles a
/// Model, its TrainingJob and a ModelDeployment; the trainer trains the version exactly as the TrainingJob's Pod would
/// (the Job's arguments and environment); a monitoring report is published as the monitoring Job would; the inference
/// server serves the version and gets shopper traffic with recommendation ids. Then each panel's PromQL, its template
/// variables substituted, must name only series Prometheus has and return data. Skips without prometheus, fails on
/// CI=1 (make test installs it; <see cref="PrometheusServer"/>).
/// </summary>
public sealed partial class DashboardQueriesTests : IAsyncLifetime
{
    private const string Ns = "shop";
    private const string Model = ModelFixtures.Name;
    private const string Deployment = "shop-recs";
    private const string OperatorJob = "ecml-operator";
    private static readonly TimeSpan QueryDeadline = TimeSpan.FromSeconds(90);

    /// <summary>What Grafana would substitute: one namespace and model, the operator's job, windows a test can fill.</summary>
    private static readonly Dictionary<string, string> Variables = new(StringComparer.Ordinal)
    {
        ["$namespace"] = Ns,
        ["$model"] = Model,
        ["$operator_job"] = OperatorJob,
        ["$conversion_window"] = "5m",
        ["$__rate_interval"] = "20s",
    };

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("ecml-dashboard-");
    private readonly List<ChildProcess> _processes = [];
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private ApiTestServer _server = null!;
    private ClusterClient _cluster = null!;
    private PrometheusServer? _prometheus;

    private string StoreFolder => Path.Combine(_folder.FullName, "store");

    public async ValueTask InitializeAsync()
    {
        _server = await ApiTestServer.StartAsync();
        _cluster = new ClusterClient(_server.Client(), Ns);
        Directory.CreateDirectory(StoreFolder);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        _http.Dispose();
        _cluster.Client.Dispose();
        await _server.DisposeAsync();
        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task EveryPanelQuery_NamesOnlyExistingSeries_AndReturnsData()
    {
        PrometheusServer.Require();
        var operatorPort = ChildProcess.FreePort();
        StartOperator(operatorPort);
        var version = await TrainAsTheTrainingJobsPodWouldAsync();
        await new LocalModelStore(StoreFolder).PublishMonitoringReportAsync(
            ModelFixtures.Report(version, DateTimeOffset.UtcNow, drifted: ["price"], model: Model), Ct);
        await EventuallyAsync(() => _cluster.ModelAsync(Model, Ct), m => m.Status?.Drift is not null, "the Model to read the monitoring report", TimeSpan.FromSeconds(60));
        await ServeAsync();
        var inference = await StartInferenceAsync();
        var prometheus = StartPrometheus(inference, operatorPort);
        using var traffic = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        var shoppers = ShopAsync(inference, traffic.Token);

        var failures = new List<string>();
        var names = await WaitForSeriesNamesAsync(prometheus);
        foreach (var (panel, expr) in Queries())
        {
            var referenced = MetricNames(expr);
            if (referenced.Count == 0)
            {
                failures.Add($"{panel}: no metric selector found in {expr}");
            }

            foreach (var missing in referenced.Where(n => !names.Contains(n)))
            {
                failures.Add($"{panel}: {missing} does not exist: Prometheus has {names.Count} series names, not this one");
            }
        }

        foreach (var (panel, expr) in Queries())
        {
            var (result, last) = await QueryUntilDataAsync(prometheus, expr);
            if (result == 0)
            {
                failures.Add($"{panel}: no data for {expr} within {QueryDeadline.TotalSeconds} s; last answer: {last}");
            }
        }

        await traffic.CancelAsync();
        await shoppers;
        Assert.True(failures.Count == 0, string.Join("\n", failures) + Diagnostics());
    }

    /// <summary>Every target's expression of every panel, and every query variable's selector, variables substituted.</summary>
    private static List<(string Panel, string Expr)> Queries()
    {
        var dashboard = DashboardFile.Read();
        var queries = new List<(string, string)>();
        foreach (var panel in dashboard["panels"]!.AsArray().Select(p => p!.AsObject()).Where(p => (string?)p["type"] != "row"))
        {
            foreach (var target in panel["targets"]!.AsArray())
            {
                queries.Add(($"{panel["title"]} ({target!["refId"]})", Substitute((string)target["expr"]!)));
            }
        }

        foreach (var variable in dashboard["templating"]!["list"]!.AsArray().Where(v => (string?)v!["type"] == "query"))
        {
            // Grafana's label_values(selector, label) lists the label's values; Prometheus answers the same question with count by.
            var match = LabelValues().Match((string)variable!["definition"]!);
            Assert.True(match.Success, $"variable {variable["name"]}: expected label_values(selector, label)");
            var selector = match.Groups[1].Value.Contains('{', StringComparison.Ordinal) ? match.Groups[1].Value : match.Groups[1].Value + "{}";
            queries.Add(($"variable {variable["name"]}", Substitute($"count by ({match.Groups[2].Value}) ({selector})")));
        }

        Assert.True(queries.Count >= 30, $"expected the dashboard's queries, found {queries.Count}");
        return queries;
    }

    private static string Substitute(string expr)
    {
        // Longest first: $model must not eat the start of a longer name.
        foreach (var (name, value) in Variables.OrderByDescending(v => v.Key.Length))
        {
            expr = expr.Replace(name, value, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("$", expr, StringComparison.Ordinal);
        return expr;
    }

    /// <summary>The metric names an expression selects: every name followed by a label matcher (the dashboard gives each one).</summary>
    private static HashSet<string> MetricNames(string expr) =>
        Selector().Matches(expr).Select(m => m.Groups[1].Value).ToHashSet(StringComparer.Ordinal);

    private void StartOperator(int metricsPort)
    {
        var kubeconfig = Path.Combine(_folder.FullName, "kubeconfig");
        File.WriteAllText(kubeconfig, $"""
            apiVersion: v1
            kind: Config
            clusters:
              - name: test
                cluster: {"{"}server: "{_server.Address.ToString().TrimEnd('/')}"{"}"}
            users:
              - name: operator
                user: {"{"}token: system-serviceaccount-ml-ecml-operator{"}"}
            contexts:
              - name: test
                context: {"{"}cluster: test, user: operator{"}"}
            current-context: test
            """);
        _processes.Add(ChildProcess.StartDotnet("EcommerceMl.Operator.dll", [], new Dictionary<string, string>
        {
            ["KUBECONFIG"] = kubeconfig,
            ["ECML_TRAINER_IMAGE"] = "ghcr.io/ecommerce-ml/trainer:test",
            ["ECML_INFERENCE_IMAGE"] = "ghcr.io/ecommerce-ml/inference:test",
            ["ECML_STORE"] = StoreFolder,
            ["ECML_WATCH_NAMESPACE"] = Ns,
            ["POD_NAMESPACE"] = "ml",
            ["POD_NAME"] = "ecml-operator-0",
            ["ECML_METRICS_PORT"] = metricsPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["ECML_STORE_POLL_SECONDS"] = "1",
            ["ECML_ROLLOUT_POLL_SECONDS"] = "1",
        }));
    }

    /// <summary>
    /// Creates the Model; once the operator made its first run's Job, runs the trainer with that Job's arguments and
    /// environment (as its Pod would) and completes the Job. Returns the version the run published.
    /// </summary>
    private async Task<string> TrainAsTheTrainingJobsPodWouldAsync()
    {
        var model = ModelFixtures.Model(name: Model);
        model.Metadata = new V1ObjectMeta { Name = Model };
        await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(model, MlApi.Group, MlApi.Version, Ns, EcommerceMl.Operator.Resources.V1Alpha1.Model.Plural, cancellationToken: Ct);
        var job = await EventuallyAsync(
            async () => (await _cluster.JobsAsync(Ct)).FirstOrDefault(j => j.Metadata.Labels?.ContainsKey(EcommerceMl.Operator.Builders.StandardLabels.TrainingJob) == true),
            j => j is not null,
            "the operator to create the Model's first training Job",
            TimeSpan.FromSeconds(60));
        var container = job!.Spec.Template.Spec.Containers.Single();
        var environment = container.Env.Where(e => e.Value is not null).ToDictionary(e => e.Name, e => e.Value);
        var trainer = ChildProcess.StartDotnet("EcommerceMl.Trainer.dll", container.Args ?? [], environment);
        _processes.Add(trainer);
        var started = DateTime.UtcNow;
        await trainer.RunToSuccessAsync(TimeSpan.FromMinutes(4), Ct);
        var status = JsonSerializer.Serialize(new
        {
            status = new
            {
                startTime = started.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                completionTime = DateTime.UtcNow.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
                succeeded = 1,
                conditions = new[] { new { type = "Complete", status = "True", reason = "CompletionsReached" } },
            },
        });
        await _cluster.Client.BatchV1.PatchNamespacedJobStatusAsync(new V1Patch(status, V1Patch.PatchType.MergePatch), job.Metadata.Name, Ns, cancellationToken: Ct);
        var trained = await EventuallyAsync(
            () => _cluster.ModelAsync(Model, Ct),
            m => m.Status?.History?.Any(h => h.Phase == TrainingJobPhases.Succeeded) == true && m.Status.LatestVersion is not null,
            "the Model to record its run",
            TimeSpan.FromSeconds(60));
        return trained.Status!.LatestVersion!;
    }

    /// <summary>A ModelDeployment of the version, its Deployment rolled out as the Deployment controller would report.</summary>
    private async Task ServeAsync()
    {
        var deployment = TestResources.ModelDeployment(Deployment, s => s.Model = Model);
        deployment.Metadata = new V1ObjectMeta { Name = Deployment };
        await _cluster.Client.CustomObjects.CreateNamespacedCustomObjectAsync(deployment, MlApi.Group, MlApi.Version, Ns, ModelDeployment.Plural, cancellationToken: Ct);
        var name = $"{Deployment}-predictor";
        await EventuallyAsync(() => _cluster.DeploymentAsync(name, Ct), d => d is not null, "the operator to create the inference Deployment", TimeSpan.FromSeconds(60));
        await _cluster.MarkRolledOutAsync(name, Ct);
        await EventuallyAsync(() => _cluster.ModelDeploymentAsync(Deployment, Ct), d => d.Status?.Traffic is { Count: > 0 }, "the ModelDeployment's traffic", TimeSpan.FromSeconds(60));
    }

    private async Task<Uri> StartInferenceAsync()
    {
        var address = new Uri($"http://127.0.0.1:{ChildProcess.FreePort()}");
        var server = ChildProcess.StartDotnet("EcommerceMl.Inference.dll", ["--urls", address.ToString()], new Dictionary<string, string>
        {
            ["ECML_STORE"] = StoreFolder,
            ["Ecml__Events__FlushInterval"] = "00:00:01",
        });
        _processes.Add(server);
        await EventuallyAsync(
            async () =>
            {
                try
                {
                    return (await _http.GetAsync(new Uri(address, "/readyz"), Ct)).IsSuccessStatusCode;
                }
                catch (HttpRequestException)
                {
                    return false;
                }
            },
            ready => ready || server.HasExited,
            "the inference server to be ready",
            TimeSpan.FromSeconds(90));
        return address;
    }

    private Uri StartPrometheus(Uri inference, int operatorPort)
    {
        // The labels Kubernetes service discovery (or a ServiceMonitor) would give the targets.
        var prometheus = PrometheusServer.Start(_folder.FullName, [
            new ScrapeJob("ecml-inference", inference.Authority, new Dictionary<string, string> { ["namespace"] = Ns, ["pod"] = $"{Deployment}-predictor-0" }),
            new ScrapeJob(OperatorJob, $"127.0.0.1:{operatorPort}", new Dictionary<string, string> { ["namespace"] = "ml", ["pod"] = "ecml-operator-0" }),
        ]);
        _processes.Add(prometheus.Process);
        _prometheus = prometheus;
        return prometheus.Address;
    }

    /// <summary>
    /// Shoppers until cancelled: each asks for recommendations, views, adds to cart and buys a recommended product with
    /// the answer's recommendationId (enough purchases of known products for the drift statistic); some send an id that
    /// is not ours, and some ask for what does not exist.
    /// </summary>
    private async Task ShopAsync(Uri inference, CancellationToken cancellationToken)
    {
        var dashboard = await _http.GetFromJsonAsync<JsonElement>(new Uri(inference, "/v1/dashboard"), cancellationToken);
        var customers = dashboard.GetProperty("recommenders")[0].GetProperty("customers").EnumerateArray().Select(c => c.GetString()!).ToList();
        Assert.NotEmpty(customers);
        var round = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var events = new List<object>();
                foreach (var customer in customers.Take(25))
                {
                    var answer = await _http.GetFromJsonAsync<JsonElement>(new Uri(inference, $"/v1/recommendations/{Uri.EscapeDataString(customer)}"), cancellationToken);
                    var id = answer.GetProperty("recommendationId").GetString()!;
                    var product = answer.GetProperty("recommendations")[0].GetProperty("productId").GetString()!;
                    var at = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                    var session = $"s-{round}-{customer}";
                    events.Add(new { id = $"{session}-v", type = "product_view", occurredAt = at, sessionId = session, customerId = customer, productId = product, recommendationId = id });
                    events.Add(new { id = $"{session}-c", type = "add_to_cart", occurredAt = at, sessionId = session, customerId = customer, productId = product, recommendationId = id });
                    events.Add(new
                    {
                        id = $"{session}-p", type = "purchase", occurredAt = at, sessionId = session, customerId = customer, recommendationId = id,
                        orderId = $"o-{session}", lines = new[] { new { productId = product, quantity = 1, unitPrice = 10.0 } },
                    });
                }

                events.Add(new { id = $"x-{round}", type = "add_to_cart", occurredAt = DateTimeOffset.UtcNow.ToString("O", System.Globalization.CultureInfo.InvariantCulture), sessionId = "x", customerId = "x", productId = "p", recommendationId = "the-shops-own-id" });
                var posted = await _http.PostAsJsonAsync(new Uri(inference, "/v1/events"), new { schemaVersion = 2, events }, cancellationToken);
                Assert.True(posted.StatusCode == System.Net.HttpStatusCode.Accepted, await posted.Content.ReadAsStringAsync(cancellationToken));
                await _http.GetAsync(new Uri(inference, "/v1/no-such-route"), cancellationToken);
                round++;
                await Task.Delay(500, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Done: the queries have been evaluated.
        }
    }

    private async Task<HashSet<string>> WaitForSeriesNamesAsync(Uri prometheus)
    {
        // Both targets up, and the slowest series (drift needs 50 purchases) scraped, before names are compared.
        var up = await QueryUntilDataAsync(prometheus, "sum(up) == 2");
        Assert.True(up.Count > 0, $"Prometheus never scraped both targets up: {up.Last}{Diagnostics()}");
        await QueryUntilDataAsync(prometheus, "ecml_drift_psi");
        // The operator lists the resources for its status gauges every 15 s, all kinds in one pass: once the
        // ModelDeployment (applied last) is a series, so are the Model and the TrainingJob.
        await QueryUntilDataAsync(prometheus, "ecml_modeldeployment_ready_replicas");
        var body = await _http.GetFromJsonAsync<JsonElement>(new Uri(prometheus, "/api/v1/label/__name__/values"), Ct);
        return body.GetProperty("data").EnumerateArray().Select(n => n.GetString()!).ToHashSet(StringComparer.Ordinal);
    }

    /// <summary>Polls an instant query until it returns at least one sample or the deadline passes; the count and the last answer.</summary>
    private Task<(int Count, string Last)> QueryUntilDataAsync(Uri prometheus, string expr) =>
        (_prometheus ?? throw new InvalidOperationException($"no Prometheus at {prometheus} started")).QueryUntilDataAsync(_http, expr, QueryDeadline, Ct);

    private async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                var value = await read();
                if (done(value))
                {
                    return value;
                }
            }
            catch (k8s.Autorest.HttpOperationException e) when (e.Response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                // Not created yet.
            }

            Assert.True(DateTime.UtcNow < deadline, $"timed out waiting for {what}{Diagnostics()}");
            await Task.Delay(250, Ct);
        }
    }

    private string Diagnostics() =>
        string.Concat(_processes.Select(p => $"\n--- {p.Name}{(p.HasExited ? $" (exited {p.ExitCode})" : "")}:\n{p.Output}"));

    [GeneratedRegex(@"^label_values\((.+),\s*([a-zA-Z_][a-zA-Z0-9_]*)\)$")]
    private static partial Regex LabelValues();

    [GeneratedRegex(@"([a-zA-Z_:][a-zA-Z0-9_:]*)\{")]
    private static partial Regex Selector();
}
