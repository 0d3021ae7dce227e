namespace EcommerceMl.Contracts;

/// <summary>
/// Which published versions a reader in a namespace accepts. The store is shared and keyed by model
/// name only, so without this a TrainingJob in any namespace could publish the version a
/// ModelDeployment elsewhere follows as <c>latest</c>. A version belongs to the namespace recorded in
/// its manifest (<see cref="ModelManifest.Namespace"/>); one without it (published before the field
/// existed, or by <c>ecml train</c> by hand) belongs to <see cref="Unscoped"/>, Kubernetes' default
/// namespace, as an object applied without one does. A scope accepts its own namespace and those it names.
/// </summary>
public sealed record VersionNamespaces
{
    /// <summary>The namespace a version without a recorded one counts as: <c>default</c>.</summary>
    public const string Unscoped = "default";

    private VersionNamespaces(IReadOnlyList<string> accepted) => Accepted = accepted;

    /// <summary>The accepted namespaces, the reader's own first.</summary>
    public IReadOnlyList<string> Accepted { get; }

    /// <summary>The scope of a reader in <paramref name="own"/> that also accepts <paramref name="also"/>.</summary>
    public static VersionNamespaces Of(string own, IEnumerable<string>? also = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(own);
        return new VersionNamespaces([.. new[] { own }.Concat(also ?? []).Where(n => !string.IsNullOrWhiteSpace(n)).Distinct(StringComparer.Ordinal)]);
    }

    /// <summary>Null, or a namespace name (a DNS-1123 label); anything else is an <see cref="ArgumentException"/> naming <paramref name="what"/>.</summary>
    public static string? ValidateNamespace(string? ns, string what)
    {
        if (ns is not null && !ModelNames.IsValidModelName(ns))
        {
            throw new ArgumentException($"{what} '{ns}' is not a namespace name: lower-case letters, digits and '-', at most 63 characters, a letter or digit at each end.");
        }

        return ns;
    }

    /// <summary>The namespace a version belongs to: the recorded one, or <see cref="Unscoped"/>.</summary>
    public static string PublisherOf(ModelManifest manifest)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        return string.IsNullOrEmpty(manifest.Namespace) ? Unscoped : manifest.Namespace;
    }

    public bool Accepts(ModelManifest manifest) => Accepted.Contains(PublisherOf(manifest), StringComparer.Ordinal);

    /// <summary>Why the version is refused ("published in namespace shop-b, not ml"), or null when it is accepted.</summary>
    public string? WhyRefused(ModelManifest manifest)
    {
        if (Accepts(manifest))
        {
            return null;
        }

        var publisher = string.IsNullOrEmpty(manifest.Namespace)
            ? $"published without a namespace (counted as {Unscoped})"
            : $"published in namespace {manifest.Namespace}";
        return $"{publisher}, not in {string.Join(", ", Accepted)}";
    }
}
