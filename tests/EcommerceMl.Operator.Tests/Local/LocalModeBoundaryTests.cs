using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using EcommerceMl.Operator.Local;
using EcommerceMl.Operator.Reconcilers;

namespace EcommerceMl.Operator.Tests.Local;

/// <summary>
/// Local mode is its own project (docs/decisions.md): it depends on the operator, never the other
/// way, and of the operator's internals it uses only the controller runtime it runs.
/// </summary>
public sealed class LocalModeBoundaryTests
{
    private static readonly Assembly Operator = typeof(TrainingJobReconciler).Assembly;
    private static readonly Assembly Local = typeof(LocalMode).Assembly;

    /// <summary>The operator's internal types local mode may use: the runtime's controller loop (with its metrics port and the no-op metrics) and the work queue.</summary>
    private static readonly string[] AllowedInternals =
    [
        "EcommerceMl.Operator.Runtime.Controller", "EcommerceMl.Operator.Runtime.IControllerMetrics", "EcommerceMl.Operator.Runtime.NoMetrics",
        "EcommerceMl.Operator.Runtime.WorkQueue",
    ];

    [Fact]
    public void TheOperator_DoesNotDependOnLocalMode()
    {
        Assert.DoesNotContain(Operator.GetReferencedAssemblies(), a => a.Name == Local.GetName().Name);
    }

    [Fact]
    public void TheOperator_SharesItsInternalsOnlyWithItsTestsAndLocalMode()
    {
        var friends = Operator.GetCustomAttributes<System.Runtime.CompilerServices.InternalsVisibleToAttribute>().Select(a => a.AssemblyName).Order(StringComparer.Ordinal);

        Assert.Equal(["EcommerceMl.Operator.Local", "EcommerceMl.Operator.Tests"], friends);
    }

    [Fact]
    public void LocalMode_UsesNoOperatorInternalsButTheControllerRuntime()
    {
        using var stream = File.OpenRead(Local.Location);
        using var pe = new PEReader(stream);
        var metadata = pe.GetMetadataReader();
        var operatorName = Operator.GetName().Name;
        var used = metadata.TypeReferences
            .Select(metadata.GetTypeReference)
            .Where(t => t.ResolutionScope.Kind == HandleKind.AssemblyReference
                && metadata.GetString(metadata.GetAssemblyReference((AssemblyReferenceHandle)t.ResolutionScope).Name) == operatorName)
            .Select(t => $"{metadata.GetString(t.Namespace)}.{metadata.GetString(t.Name)}")
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var internals = used.Where(name => Operator.GetType(name) is { IsPublic: false }).Order(StringComparer.Ordinal).ToList();

        Assert.NotEmpty(used);
        Assert.True(internals.SequenceEqual(AllowedInternals), $"local mode uses these internals of the operator: {string.Join(", ", internals)}");
    }

    [Fact]
    public void TheOperatorImage_DoesNotCarryLocalMode()
    {
        var dockerfile = File.ReadAllText(Path.Combine(RepoRoot.Find(), "docker", "operator.Dockerfile"));

        Assert.DoesNotContain("EcommerceMl.Operator.Local", dockerfile, StringComparison.Ordinal);
    }
}
