using System.Diagnostics;
using System.Text.Json.Nodes;
using k8s;

namespace EcommerceMl.Operator.Tests.Support;

/// <summary>One object's verdict from the Kubernetes API's schemas: null <see cref="Error"/> when valid.</summary>
internal sealed record SchemaVerdict(string Object, string? Error);

/// <summary>A CEL rule with the values it sees: <c>self</c>, and <c>oldSelf</c> for a transition rule on update.</summary>
internal sealed record CelCase(string Rule, JsonNode? Self, JsonNode? OldSelf = null, bool HasOldSelf = false);

/// <summary>What @bufbuild/cel made of a rule: its boolean value, or why it has none.</summary>
internal sealed record CelVerdict(bool? Value, string? Error);

/// <summary>
/// Kubernetes' own definitions, run by node from <c>&lt;repo&gt;/.tools/kubernetes-schemas</c>
/// (scripts/install-kubernetes-schemas.sh): kubernetes-models validates objects against the API's
/// OpenAPI schemas (tests/kubernetes-schemas/validate-objects.mjs), @bufbuild/cel evaluates CEL
/// (evaluate-cel.mjs). When they are not installed the tests skip, or fail when the CI variable
/// is set (CI must not silently lose them).
/// </summary>
internal static class KubernetesSchemas
{
    private static string Modules => Path.Combine(RepoRoot.Find(), ".tools", "kubernetes-schemas", "node_modules");

    private static string Script(string name) => Path.Combine(RepoRoot.Find(), "tests", "kubernetes-schemas", name);

    /// <summary>Each object (typed, as the client serializes it, or JSON) checked against its kind's schema.</summary>
    public static async Task<IReadOnlyList<SchemaVerdict>> ValidateAsync(IEnumerable<object> objects)
    {
        var input = new JsonArray([.. objects.Select(o => o is JsonNode node ? node.DeepClone() : JsonNode.Parse(KubernetesJson.Serialize(o)))]);
        var output = await RunAsync("validate-objects.mjs", input);
        return [.. output.AsArray().Select(v => new SchemaVerdict((string)v!["object"]!, (string?)v["error"]))];
    }

    /// <summary>Asserts every object is valid, listing each invalid one with what is wrong.</summary>
    public static async Task AssertValidAsync(IEnumerable<object> objects)
    {
        var verdicts = await ValidateAsync(objects);
        var invalid = verdicts.Where(v => v.Error is not null).Select(v => $"{v.Object}: {v.Error}").ToList();
        Assert.True(invalid.Count == 0, $"{invalid.Count} of {verdicts.Count} objects break the Kubernetes API schema:\n{string.Join('\n', invalid)}");
    }

    public static async Task<IReadOnlyList<CelVerdict>> EvaluateAsync(IReadOnlyList<CelCase> cases)
    {
        var input = new JsonArray([.. cases.Select(c =>
        {
            var json = new JsonObject { ["rule"] = c.Rule, ["self"] = c.Self?.DeepClone() };
            if (c.HasOldSelf)
            {
                json["oldSelf"] = c.OldSelf?.DeepClone();
            }

            return (JsonNode)json;
        })]);
        var output = await RunAsync("evaluate-cel.mjs", input);
        return [.. output.AsArray().Select(v => new CelVerdict((bool?)v!["value"], (string?)v["error"]))];
    }

    /// <summary>The node_modules folder, or skips (fails on CI) saying how to install it.</summary>
    private static string Require()
    {
        if (!Directory.Exists(Path.Combine(Modules, "kubernetes-models")) || !Directory.Exists(Path.Combine(Modules, "@bufbuild", "cel")))
        {
            Unavailable($"kubernetes-models and @bufbuild/cel are not installed in {Modules}; run scripts/install-kubernetes-schemas.sh (make test does)");
        }

        return Modules;
    }

    private static void Unavailable(string why)
    {
        if (!string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
        {
            Assert.Fail($"{why} (CI is set, so the Kubernetes schema tests may not be skipped)");
        }

        Assert.Skip(why);
    }

    private static async Task<JsonNode> RunAsync(string script, JsonNode input)
    {
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Script(script));
        start.ArgumentList.Add(Require());
        Process process;
        try
        {
            process = Process.Start(start)!;
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            Unavailable($"node cannot be started ({e.Message}); install Node.js 18+");
            throw;
        }

        using var _ = process;
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.StandardInput.WriteAsync(input.ToJsonString());
        process.StandardInput.Close();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(deadline.Token);
        Assert.True(process.ExitCode == 0, $"node {script} failed ({process.ExitCode}): {await error}");
        return JsonNode.Parse(await output)!;
    }
}
