using System.Diagnostics;
using System.Text.Json.Nodes;
using EcommerceMl.Operator.Tests.Support;

namespace EcommerceMl.Operator.Tests.Chart;

/// <summary>
/// The real helm binary: <c>ECML_HELM</c>, else <c>&lt;repo&gt;/.tools/helm</c> (scripts/install-helm.sh).
/// When neither exists the chart tests skip, or fail when the CI variable is set (CI must not
/// silently lose them).
/// </summary>
internal static class Helm
{
    public const string Namespace = "ml";
    public const string Release = "ecml";

    public static string ChartFolder => Path.Combine(RepoRoot.Find(), "charts", "ecommerce-ml");

    public sealed record Result(int ExitCode, string Output, string Error);

    /// <summary>The binary, or skips (fails on CI) saying how to install it.</summary>
    public static string Require()
    {
        var configured = Environment.GetEnvironmentVariable("ECML_HELM");
        var path = string.IsNullOrEmpty(configured) ? Path.Combine(RepoRoot.Find(), ".tools", "helm") : configured;
        if (File.Exists(path))
        {
            return path;
        }

        var why = $"helm is not installed at {path}; run scripts/install-helm.sh (or set ECML_HELM to a helm 3 binary)";
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail($"{why} (CI is set, so the chart tests may not be skipped)");
        }

        Assert.Skip(why);
        return path;
    }

    public static async Task<Result> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo(Require()) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // No user configuration or cache: the tests must not depend on (or write to) the caller's ~/.config/helm.
        var home = Directory.CreateTempSubdirectory("ecml-helm-home-");
        try
        {
            start.Environment["HELM_CONFIG_HOME"] = Path.Combine(home.FullName, "config");
            start.Environment["HELM_CACHE_HOME"] = Path.Combine(home.FullName, "cache");
            start.Environment["HELM_DATA_HOME"] = Path.Combine(home.FullName, "data");
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
            var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
            deadline.CancelAfter(TimeSpan.FromMinutes(2));
            await process.WaitForExitAsync(deadline.Token);
            return new Result(process.ExitCode, await output, await error);
        }
        finally
        {
            home.Delete(recursive: true);
        }
    }

    /// <summary><c>helm template</c> of the chart with <c>--set</c> values; fails the test when helm does.</summary>
    public static async Task<Manifests> TemplateAsync(params string[] sets)
    {
        var result = await TemplateRawAsync(sets);
        Assert.True(result.ExitCode == 0, $"helm template failed ({result.ExitCode}): {result.Error}");
        return new Manifests([.. YamlJson.Documents(result.Output).OfType<JsonObject>()]);
    }

    public static Task<Result> TemplateRawAsync(params string[] sets) =>
        RunAsync([
            "template", Release, ChartFolder, "--namespace", Namespace, "--include-crds",
            .. sets.SelectMany(s => new[] { "--set", s }),
        ]);
}

/// <summary>Rendered objects, with the lookups the tests need.</summary>
internal sealed record Manifests(IReadOnlyList<JsonObject> Objects)
{
    public IEnumerable<JsonObject> OfKind(string kind) => Objects.Where(o => (string?)o["kind"] == kind);

    public JsonObject Single(string kind, string name) =>
        Assert.Single(OfKind(kind), o => (string?)o["metadata"]?["name"] == name);

    public static string Name(JsonObject o) => (string)o["metadata"]!["name"]!;

    /// <summary>The Pod templates of Deployments, StatefulSets and Jobs, named by their workload.</summary>
    public IEnumerable<(string Workload, JsonObject PodSpec)> PodSpecs() =>
        Objects.Where(o => (string?)o["kind"] is "Deployment" or "StatefulSet" or "Job")
            .Select(o => ($"{o["kind"]}/{Name(o)}", o["spec"]!["template"]!["spec"]!.AsObject()));
}
