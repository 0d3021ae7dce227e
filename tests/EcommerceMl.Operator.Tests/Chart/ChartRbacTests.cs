using System.Text.Json.Nodes;
using EcommerceMl.Operator.Hosting;

namespace EcommerceMl.Operator.Tests.Chart;

/// <summary>The chart's RBAC is least privilege: no wildcards, and exactly <see cref="OperatorPermissions.All"/>.</summary>
public sealed class ChartRbacTests
{
    private const string Operator = Helm.Release + "-ecommerce-ml-operator";
    private const string LeaderElection = Helm.Release + "-ecommerce-ml-leader-election";

    /// <summary>A rule flattened to one group and one resource, comparable with a <see cref="PermissionRule"/>.</summary>
    private static IEnumerable<string> Flatten(JsonObject role, PermissionScope scope) =>
        from rule in role["rules"]!.AsArray()
        from g in rule!["apiGroups"]!.AsArray()
        from r in rule["resources"]!.AsArray()
        select Key(scope, (string)g!, (string)r!, Strings(rule["verbs"]), Strings(rule["resourceNames"]));

    private static string[] Strings(JsonNode? array) => array is null ? [] : [.. array.AsArray().Select(v => (string)v!)];

    private static string Key(PermissionScope scope, string group, string resource, IEnumerable<string> verbs, IEnumerable<string> names) =>
        $"{scope} {(group.Length == 0 ? "core" : group)}/{resource} [{string.Join(',', verbs.Order(StringComparer.Ordinal))}] names=[{string.Join(',', names.Order(StringComparer.Ordinal))}]";

    [Fact]
    public async Task Rbac_HasNoWildcards()
    {
        var manifests = await Helm.TemplateAsync();
        var roles = manifests.OfKind("ClusterRole").Concat(manifests.OfKind("Role")).ToList();

        Assert.Equal(2, roles.Count);
        Assert.All(roles.SelectMany(r => r["rules"]!.AsArray()), rule =>
        {
            foreach (var field in new[] { "apiGroups", "resources", "verbs", "resourceNames" })
            {
                Assert.DoesNotContain("*", Strings(rule![field]));
            }

            Assert.Null(rule!["nonResourceURLs"]);
        });
    }

    [Fact]
    public async Task Rbac_RendersExactlyTheOperatorsDeclaredPermissions()
    {
        var manifests = await Helm.TemplateAsync();
        var rendered = Flatten(manifests.Single("ClusterRole", Operator), PermissionScope.WatchedNamespaces)
            .Concat(Flatten(manifests.Single("Role", LeaderElection), PermissionScope.OperatorNamespace))
            .Order(StringComparer.Ordinal);
        var declared = OperatorPermissions.All.Select(p => Key(p.Scope, p.Group, p.Resource, p.Verbs, p.ResourceNames)).Order(StringComparer.Ordinal);

        Assert.Equal(declared, rendered);
    }

    [Fact]
    public async Task Rbac_GrantsTheOperatorsServiceAccount_ClusterWideByDefault()
    {
        var manifests = await Helm.TemplateAsync();
        var serviceAccount = (string?)manifests.Single("Deployment", Operator)["spec"]!["template"]!["spec"]!["serviceAccountName"];
        var binding = manifests.Single("ClusterRoleBinding", Operator);
        var leaderBinding = manifests.Single("RoleBinding", LeaderElection);

        Assert.Equal(Helm.Release + "-ecommerce-ml", serviceAccount);
        Assert.Contains(manifests.OfKind("ServiceAccount"), s => Manifests.Name(s) == serviceAccount);
        Assert.All(new[] { binding, leaderBinding }, b =>
        {
            var subject = Assert.Single(b["subjects"]!.AsArray())!;
            Assert.Equal("ServiceAccount", (string?)subject["kind"]);
            Assert.Equal(serviceAccount, (string?)subject["name"]);
            Assert.Equal(Helm.Namespace, (string?)subject["namespace"]);
        });
        Assert.Equal(Operator, (string?)binding["roleRef"]!["name"]);
        Assert.Equal(LeaderElection, (string?)leaderBinding["roleRef"]!["name"]);
    }

    [Fact]
    public async Task Rbac_WithAWatchNamespace_GrantsTheRulesOnlyThere()
    {
        var manifests = await Helm.TemplateAsync("operator.watchNamespace=shop");
        var bindings = manifests.OfKind("RoleBinding").Where(b => Manifests.Name(b) == Operator).ToList();

        Assert.Empty(manifests.OfKind("ClusterRoleBinding"));
        var binding = Assert.Single(bindings);
        Assert.Equal("shop", (string?)binding["metadata"]!["namespace"]);
        Assert.Equal("ClusterRole", (string?)binding["roleRef"]!["kind"]);
    }

    [Fact]
    public async Task Rbac_CanBeLeftOut()
    {
        var manifests = await Helm.TemplateAsync("rbac.create=false");

        Assert.Empty(manifests.OfKind("ClusterRole"));
        Assert.Empty(manifests.OfKind("Role"));
        Assert.Empty(manifests.OfKind("ClusterRoleBinding"));
        Assert.Empty(manifests.OfKind("RoleBinding"));
    }
}
