using System.Text.Json.Nodes;
using EcommerceMl.Operator.Tests.Support;

namespace EcommerceMl.Operator.Tests.Crds;

/// <summary>
/// Every CEL rule (x-kubernetes-validations) of the shipped CRDs evaluated by @bufbuild/cel, a CEL
/// implementation independent of the API server's, on values it must accept and values it must
/// refuse — <c>self</c>, and <c>oldSelf</c> for transition rules, as on an update. A rule without
/// both kinds of example fails the test, so a new rule arrives with its examples.
/// </summary>
public sealed class CelRulesTests
{
    /// <summary>A rule of a CRD: where it sits, its text, and the schema it validates.</summary>
    internal sealed record Rule(string Crd, string Path, string Text, JsonObject Schema)
    {
        public bool IsTransition => Text.Contains("oldSelf", StringComparison.Ordinal);

        public override string ToString() => $"{Crd} {(Path.Length == 0 ? "(root)" : Path)}: {Text}";
    }

    internal sealed record Example(JsonNode? Self, JsonNode? OldSelf, bool Accepted);

    private static JsonNode? J(string json) => JsonNode.Parse(json);

    private static string Named(string name) => new JsonObject { ["metadata"] = new JsonObject { ["name"] = name } }.ToJsonString();

    private static Example Accepts(string self, string? oldSelf = null) => new(J(self), oldSelf is null ? null : J(oldSelf), true);

    private static Example Refuses(string self, string? oldSelf = null) => new(J(self), oldSelf is null ? null : J(oldSelf), false);

    /// <summary>Examples of the rules that say more than "immutable", by CRD, path and the rule's opening words.</summary>
    private static readonly (string Crd, string Path, string RuleStart, Example[] Examples)[] Written =
    [
        ("trainingjobs.ml.ecommerce.dev", "", "self.metadata.name.size() <= 63",
        [
            Accepts("""{"metadata": {"name": "shop-recs-1"}}"""),
            Accepts("""{"metadata": {"name": "1st-run"}}"""),
            Refuses("""{"metadata": {"name": "Shop-Recs"}}"""),
            Refuses("""{"metadata": {"name": "shop.recs"}}"""),
            Refuses("""{"metadata": {"name": "shop-"}}"""),
            Refuses(Named(new string('a', 64))),
        ]),
        ("modeldeployments.ml.ecommerce.dev", "", "self.metadata.name.size() <= 63",
        [
            Accepts("""{"metadata": {"name": "shop-recommendations"}}"""),
            Accepts(Named(new string('a', 63))),
            Refuses("""{"metadata": {"name": "1st-model"}}"""),
            Refuses("""{"metadata": {"name": "shop_recs"}}"""),
            Refuses(Named(new string('a', 64))),
        ]),
        ("trainingjobs.ml.ecommerce.dev", ".spec", "!has(self.algorithm)",
        [
            Accepts("""{"task": "churn", "model": "m", "dataSource": {}}"""),
            Accepts("""{"task": "recommendation", "algorithm": "two-stage"}"""),
            Accepts("""{"task": "forecast", "algorithm": "lightgbm-demand"}"""),
            Accepts("""{"task": "churn", "algorithm": "lightgbm"}"""),
            Refuses("""{"task": "churn", "algorithm": "ets"}"""),
            Refuses("""{"task": "forecast", "algorithm": "item-cosine"}"""),
            Refuses("""{"task": "recommendation", "algorithm": "lightgbm"}"""),
        ]),
        ("trainingjobs.ml.ecommerce.dev", ".spec", "has(self.algorithm) == has(oldSelf.algorithm)",
        [
            Accepts("""{"task": "churn", "algorithm": "logistic"}""", """{"task": "churn", "algorithm": "logistic"}"""),
            Accepts("""{"task": "churn", "runPolicy": {"suspend": true}}""", """{"task": "churn"}"""),
            Refuses("""{"task": "churn", "algorithm": "logistic"}""", """{"task": "churn"}"""),
            Refuses("""{"task": "churn"}""", """{"task": "churn", "image": "trainer:1"}"""),
            Refuses("""{"task": "churn", "evaluation": {"k": 5}}""", """{"task": "churn"}"""),
        ]),
        ("trainingjobs.ml.ecommerce.dev", ".spec.dataSource", "(has(self.postgres) ? 1 : 0)",
        [
            Accepts("""{"synthetic": {}}"""),
            Accepts("""{"postgres": {"secretRef": {"name": "shop-db"}}, "events": {"window": "90d"}}"""),
            Accepts("""{"synthetic": {}, "events": {}}"""),
            Refuses("""{"events": {"window": "90d"}}"""),
            Refuses("""{"synthetic": {}, "postgres": {"secretRef": {"name": "shop-db"}}}"""),
            Accepts("""{"s3": {"prefix": "s3://shop-exports/2026-12-06"}, "window": "365d", "events": {}}"""),
            Refuses("""{"s3": {"prefix": "s3://shop-exports"}, "synthetic": {}}"""),
            Refuses("""{"window": "30d"}"""),
        ]),
        ("models.ml.ecommerce.dev", ".spec.training.dataSource", "(has(self.postgres) ? 1 : 0)",
        [
            Accepts("""{"synthetic": {}, "events": {"window": "7d"}}"""),
            Refuses("""{"events": {"window": "7d"}}"""),
        ]),
        ("trainingjobs.ml.ecommerce.dev", ".spec.evaluation.gate", "has(self.minimum) != has(self.maximum)",
        [
            Accepts("""{"metric": "ndcg_at_10", "minimum": 0.2}"""),
            Accepts("""{"metric": "mase", "maximum": 1}"""),
            Refuses("""{"metric": "auc"}"""),
            Refuses("""{"metric": "auc", "minimum": 0.6, "maximum": 0.9}"""),
        ]),
        ("trainingjobs.ml.ecommerce.dev", ".spec.hyperparameters", "self.all(k,",
        [
            Accepts("""{"neighbors": "50", "min_co_buyers": "2"}"""),
            Accepts("{}"),
            Refuses("""{"Neighbors": "50"}"""),
            Refuses("""{"neighbors": "50,60"}"""),
            Refuses($$"""{"{{new string('a', 64)}}": "1"}"""),
        ]),
        ("trainingjobs.ml.ecommerce.dev", ".spec.runPolicy", "has(self.activeDeadlineSeconds) == has(oldSelf.activeDeadlineSeconds)",
        [
            Accepts("""{"backoffLimit": 3, "suspend": false}""", """{"backoffLimit": 3, "suspend": true}"""),
            Refuses("""{"backoffLimit": 3, "activeDeadlineSeconds": 600}""", """{"backoffLimit": 3}"""),
            Refuses("{}", """{"ttlSecondsAfterFinished": 600}"""),
        ]),
        ("models.ml.ecommerce.dev", "", "self.metadata.name.size() <= 63",
        [
            Accepts("""{"metadata": {"name": "shop-recommendations"}}"""),
            Refuses("""{"metadata": {"name": "Shop"}}"""),
            Refuses(Named(new string('a', 64))),
        ]),
        ("models.ml.ecommerce.dev", ".spec", "!has(self.training.algorithm)",
        [
            Accepts("""{"task": "churn", "training": {"dataSource": {}}}"""),
            Accepts("""{"task": "recommendation", "training": {"algorithm": "two-stage"}}"""),
            Accepts("""{"task": "forecast", "training": {"algorithm": "ets"}}"""),
            Refuses("""{"task": "churn", "training": {"algorithm": "ets"}}"""),
            Refuses("""{"task": "recommendation", "training": {"algorithm": "logistic"}}"""),
        ]),
        ("models.ml.ecommerce.dev", ".spec", "!has(self.gate)",
        [
            Accepts("""{"training": {}, "gate": {"metric": "auc", "minimum": 0.6}}"""),
            Accepts("""{"training": {"evaluation": {"gate": {"metric": "auc", "minimum": 0.6}}}}"""),
            Accepts("""{"training": {"evaluation": {"k": 5}}, "gate": {"metric": "auc", "minimum": 0.6}}"""),
            Refuses("""{"training": {"evaluation": {"gate": {"metric": "auc", "minimum": 0.6}}}, "gate": {"metric": "auc", "minimum": 0.6}}"""),
        ]),
        ("models.ml.ecommerce.dev", ".spec", "has(self.monitoring)",
        [
            Accepts("""{"training": {}}"""),
            Accepts("""{"triggers": {"initial": true, "maxAge": "14d"}}"""),
            Accepts("""{"triggers": {"drift": {}}, "monitoring": {"interval": "1h"}}"""),
            Refuses("""{"triggers": {"drift": {"threshold": 0.1}}}"""),
            Refuses("""{"triggers": {"performance": {"maxRelativeDrop": 0.1}}}"""),
            Refuses("""{"triggers": {"newData": {"minNewOrders": 10}}}"""),
        ]),
        ("models.ml.ecommerce.dev", ".spec", "!has(self.outputs) || self.task != 'churn'",
        [
            Accepts("""{"task": "churn"}"""),
            Accepts("""{"task": "recommendation", "outputs": {"postgres": {}}}"""),
            Refuses("""{"task": "churn", "outputs": {"postgres": {}}}"""),
        ]),
        ("models.ml.ecommerce.dev", ".spec", "!has(self.outputs) || self.task == 'recommendation'",
        [
            Accepts("""{"task": "recommendation", "outputs": {"top": 20}}"""),
            Accepts("""{"task": "forecast", "outputs": {"horizon": 14}}"""),
            Refuses("""{"task": "forecast", "outputs": {"top": 20}}"""),
        ]),
        ("models.ml.ecommerce.dev", ".spec", "!has(self.outputs) || self.task == 'forecast'",
        [
            Accepts("""{"task": "forecast", "outputs": {"horizon": 14, "level": 0.9, "timeZone": "Europe/London"}}"""),
            Accepts("""{"task": "recommendation", "outputs": {"top": 5}}"""),
            Refuses("""{"task": "recommendation", "outputs": {"horizon": 14}}"""),
            Refuses("""{"task": "recommendation", "outputs": {"timeZone": "UTC"}}"""),
        ]),
        ("models.ml.ecommerce.dev", ".spec.outputs", "has(self.postgres) != has(self.s3)",
        [
            Accepts("""{"postgres": {"secretRef": {"name": "analytics-db"}}, "shards": 4}"""),
            Accepts("""{"s3": {"prefix": "s3://analytics/ecml"}, "top": 20}"""),
            Refuses("""{"postgres": {"secretRef": {"name": "analytics-db"}}, "s3": {"prefix": "outputs"}}"""),
            Refuses("""{"shards": 4}"""),
        ]),
        ("models.ml.ecommerce.dev", ".spec.outputs.s3", "!self.prefix.matches('^(models|events)(/|$)')",
        [
            Accepts("""{"prefix": "s3://analytics/ecml/nightly"}"""),
            Accepts("""{"prefix": "s3://models/outputs"}"""),
            Accepts("""{"prefix": "outputs"}"""),
            Accepts("""{"prefix": "models-out/x"}"""),
            Refuses("""{"prefix": "models"}"""),
            Refuses("""{"prefix": "events/batch"}"""),
            Refuses("""{"prefix": "outputs/../models"}"""),
            Refuses("""{"prefix": "s3://analytics/./x"}"""),
        ]),
        ("models.ml.ecommerce.dev", ".spec.outputs", "!has(self.parallelism)",
        [
            Accepts("""{"shards": 4, "parallelism": 2}"""),
            Accepts("""{"shards": 4}"""),
            Accepts("""{"parallelism": 1}"""),
            Refuses("""{"shards": 4, "parallelism": 8}"""),
            Refuses("""{"parallelism": 2}"""),
        ]),
        ("models.ml.ecommerce.dev", ".spec.gate", "has(self.minimum) != has(self.maximum)",
        [
            Accepts("""{"metric": "ndcg_at_10", "minimum": 0.2}"""),
            Refuses("""{"metric": "auc"}"""),
        ]),
        ("models.ml.ecommerce.dev", ".spec.training.evaluation.gate", "has(self.minimum) != has(self.maximum)",
        [
            Accepts("""{"metric": "mase", "maximum": 1}"""),
            Refuses("""{"metric": "auc", "minimum": 0.6, "maximum": 0.9}"""),
        ]),
        ("models.ml.ecommerce.dev", ".spec.training.hyperparameters", "self.all(k,",
        [
            Accepts("""{"neighbors": "50"}"""),
            Refuses("""{"neighbors": "50,60"}"""),
        ]),
        ("models.ml.ecommerce.dev", ".spec.retention", "has(self.keepLast)",
        [
            Accepts("""{"keepLast": 10}"""),
            Accepts("""{"keepDays": 30}"""),
            Refuses("{}"),
        ]),
        ("models.ml.ecommerce.dev", ".spec.triggers.newData", "has(self.minNewOrders)",
        [
            Accepts("""{"minNewOrders": 5000}"""),
            Accepts("""{"minNewEvents": 100000}"""),
            Refuses("{}"),
        ]),
        ("models.ml.ecommerce.dev", ".spec.triggers.schedule.cron", "self.matches(",
        [
            Accepts("\"0 2 * * 0\""),
            Accepts("\"*/30 * * * * *\""),
            Accepts("\"0 9 * * MON-FRI\""),
            Accepts("\"0 0 L * ?\""),
            Accepts("\"@daily\""),
            Refuses("\"0 2 * *\""),
            Refuses("\"0 2 * * 0 * 2026\""),
            Refuses("\"0  2 * * 0\""),
            Refuses("\"@fortnightly\""),
            Refuses("\"0 2 * * 0; rm -rf\""),
        ]),
        ("modeldeployments.ml.ecommerce.dev", ".spec.events", "!has(self.postgres)",
        [
            Accepts("""{}"""),
            Accepts("""{"sink": false}"""),
            Accepts("""{"postgres": {"secretRef": {"name": "shop-db"}}}"""),
            Accepts("""{"sink": true, "postgres": {"secretRef": {"name": "shop-db"}}}"""),
            Refuses("""{"sink": false, "postgres": {"secretRef": {"name": "shop-db"}}}"""),
        ]),
        ("modeldeployments.ml.ecommerce.dev", ".spec.rollout", "!has(self.analysis)",
        [
            Accepts("""{"strategy": "Canary", "analysis": {"interval": "30s"}}"""),
            Accepts("""{"strategy": "RollingUpdate"}"""),
            Refuses("""{"strategy": "RollingUpdate", "analysis": {}}"""),
            Refuses("""{"analysis": {}}"""),
        ]),
        ("modeldeployments.ml.ecommerce.dev", ".spec.rollout.analysis", "!has(self.steps)",
        [
            Accepts("""{"steps": [10, 25, 50, 100]}"""),
            Accepts("""{"interval": "1m"}"""),
            Refuses("""{"steps": [0, 50]}"""),
            Refuses("""{"steps": [50, 150]}"""),
        ]),
        ("modeldeployments.ml.ecommerce.dev", ".spec.rollout.analysis.metrics.latencyP99", "has(self.maxSeconds)",
        [
            Accepts("""{"maxSeconds": 0.25}"""),
            Accepts("""{"maxRatioToStable": 1.5}"""),
            Accepts("""{"maxSeconds": 0.25, "maxRatioToStable": 1.5}"""),
            Refuses("""{}"""),
        ]),
        ("modeldeployments.ml.ecommerce.dev", ".spec.autoscaling", "!has(self.minReplicas)",
        [
            Accepts("""{"maxReplicas": 3}"""),
            Accepts("""{"minReplicas": 3, "maxReplicas": 3}"""),
            Refuses("""{"minReplicas": 4, "maxReplicas": 3}"""),
        ]),
        ("modeldeployments.ml.ecommerce.dev", ".spec", "!has(self.versionNamespaces)",
        [
            Accepts("""{"model": "shop-recs"}"""),
            Accepts("""{"model": "shop-recs", "versionNamespaces": ["training", "default"]}"""),
            Refuses("""{"model": "shop-recs", "versionNamespaces": ["Training"]}"""),
            Refuses($$"""{"model": "shop-recs", "versionNamespaces": ["{{new string('a', 64)}}"]}"""),
        ]),
    ];

    internal static IEnumerable<Rule> RulesOf(string path)
    {
        var crd = StructuralSchemaTests.Read(path);
        var name = (string)crd["metadata"]!["name"]!;
        foreach (var version in crd["spec"]!["versions"]!.AsArray())
        {
            foreach (var rule in Walk(name, "", version!["schema"]!["openAPIV3Schema"]!.AsObject()))
            {
                yield return rule;
            }
        }
    }

    private static IEnumerable<Rule> Walk(string crd, string path, JsonObject schema)
    {
        foreach (var rule in (schema["x-kubernetes-validations"]?.AsArray() ?? []).OfType<JsonObject>())
        {
            yield return new Rule(crd, path, (string)rule["rule"]!, schema);
        }

        var children = ((schema["properties"] as JsonObject) ?? []).Select(p => ($"{path}.{p.Key}", p.Value as JsonObject))
            .Append(($"{path}.*", schema["additionalProperties"] as JsonObject))
            .Append(($"{path}[*]", schema["items"] as JsonObject));
        foreach (var (childPath, child) in children)
        {
            if (child is not null)
            {
                foreach (var rule in Walk(crd, childPath, child))
                {
                    yield return rule;
                }
            }
        }
    }

    /// <summary>
    /// The examples of a rule: written ones, or for an immutability rule (<c>self == oldSelf</c>) two
    /// distinct values of the field's schema — kept is accepted, changed is refused.
    /// </summary>
    internal static IReadOnlyList<Example> ExamplesOf(Rule rule)
    {
        var written = Written.Where(w => w.Crd == rule.Crd && w.Path == rule.Path && rule.Text.StartsWith(w.RuleStart, StringComparison.Ordinal)).ToList();
        if (written.Count > 0)
        {
            return [.. written.SelectMany(w => w.Examples)];
        }

        if (rule.Text == "self == oldSelf")
        {
            var first = Sample(rule.Schema, 0);
            return [new Example(first, first?.DeepClone(), true), new Example(Sample(rule.Schema, 1), first?.DeepClone(), false)];
        }

        return [];
    }

    /// <summary>A value the schema admits; variants 0 and 1 differ.</summary>
    private static JsonNode? Sample(JsonObject schema, int variant)
    {
        if ((bool?)schema["x-kubernetes-int-or-string"] == true)
        {
            return variant == 0 ? "500m" : "1";
        }

        return (string?)schema["type"] switch
        {
            "string" => schema["enum"] is JsonArray { Count: > 1 } allowed ? allowed[variant]!.DeepClone() : variant == 0 ? "shop-a" : "shop-b",
            "integer" => variant + 1,
            "number" => variant + 0.5,
            "boolean" => variant == 1,
            "array" => new JsonArray(Sample(schema["items"]!.AsObject(), variant)),
            "object" when schema["properties"] is JsonObject { Count: > 0 } properties =>
                new JsonObject { [properties.First().Key] = Sample(properties.First().Value!.AsObject(), variant) },
            "object" when schema["additionalProperties"] is JsonObject values => new JsonObject { ["key"] = Sample(values, variant) },
            _ => throw new InvalidOperationException($"no sample for schema type '{schema["type"]}'"),
        };
    }

    public static TheoryData<string> ShippedCrds() => StructuralSchemaTests.ShippedCrds();

    [Theory]
    [MemberData(nameof(ShippedCrds))]
    public async Task EveryRule_AcceptsItsValidExamples_AndRefusesItsInvalidOnes(string path)
    {
        var rules = RulesOf(path).ToList();
        Assert.NotEmpty(rules);
        var withoutExamples = rules.Where(r => ExamplesOf(r) is var e && (!e.Any(x => x.Accepted) || !e.Any(x => !x.Accepted))).ToList();
        Assert.True(withoutExamples.Count == 0, $"rules without both an accepted and a refused example (add them to {nameof(Written)}):\n{string.Join('\n', withoutExamples)}");

        var cases = rules.SelectMany(r => ExamplesOf(r).Select(e => (Rule: r, Example: e))).ToList();
        var verdicts = await KubernetesSchemas.EvaluateAsync([.. cases.Select(c => new CelCase(c.Rule.Text, c.Example.Self, c.Example.OldSelf, c.Rule.IsTransition))]);

        var wrong = cases.Zip(verdicts)
            .Where(p => p.Second.Value != p.First.Example.Accepted)
            .Select(p => $"{p.First.Rule}\n  self={p.First.Example.Self?.ToJsonString()} oldSelf={p.First.Example.OldSelf?.ToJsonString()}: " +
                         $"expected {(p.First.Example.Accepted ? "accepted" : "refused")}, got {p.Second.Value?.ToString() ?? p.Second.Error}")
            .ToList();
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {cases.Count} examples judged otherwise by @bufbuild/cel:\n{string.Join('\n', wrong)}");
    }

    [Fact]
    public async Task TheEvaluator_ReportsARuleThatDoesNotCompile_AsAnError()
    {
        var verdict = Assert.Single(await KubernetesSchemas.EvaluateAsync([new CelCase("self.size( <= 3", JsonValue.Create("abc"))]));

        Assert.Null(verdict.Value);
        Assert.False(string.IsNullOrEmpty(verdict.Error));
    }
}
