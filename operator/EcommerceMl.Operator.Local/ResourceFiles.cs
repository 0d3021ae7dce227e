using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using EcommerceMl.Operator.Crds;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s;
using k8s.Models;
using YamlDotNet.Core;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// Reads TrainingJobs and ModelDeployments from YAML files as <c>kubectl apply -f</c> users write
/// them, validated through the same types and the same generated CRD schema the API server
/// applies: a field the types do not know, a value outside its enum, pattern or range, or a bad
/// name is an error naming the file, the resource and the field. Pure apart from reading files.
/// </summary>
public static class ResourceFiles
{
    /// <summary>The namespace of a resource whose file names none (kubectl's default).</summary>
    public const string DefaultNamespace = "default";

    private static readonly Dictionary<string, Type> TypeMap = new(StringComparer.Ordinal)
    {
        [$"{MlApi.GroupVersion}/{TrainingJob.KindName}"] = typeof(TrainingJob),
        [$"{MlApi.GroupVersion}/{ModelDeployment.KindName}"] = typeof(ModelDeployment),
        [$"{MlApi.GroupVersion}/{Model.KindName}"] = typeof(Model),
    };

    /// <summary>
    /// The YAML files of <paramref name="path"/> (a file, or the files directly in a folder, as <c>kubectl apply -f DIR</c>
    /// reads them without <c>-R</c>: <c>-f examples/</c> is not also <c>examples/local/</c>), sorted.
    /// </summary>
    public static IReadOnlyList<string> Find(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (File.Exists(path))
        {
            return [Path.GetFullPath(path)];
        }

        if (!Directory.Exists(path))
        {
            throw new FileNotFoundException($"-f {path}: no such file or folder.", path);
        }

        return [.. Directory.EnumerateFiles(Path.GetFullPath(path), "*.*", SearchOption.TopDirectoryOnly)
            .Where(IsYaml)
            .Order(StringComparer.Ordinal)];
    }

    public static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    /// <summary>Reads one file; <paramref name="displayName"/> is how messages name it.</summary>
    public static ResourceFile Load(string path, string? displayName = null)
    {
        ArgumentNullException.ThrowIfNull(path);
        var name = displayName ?? path;
        string text;
        try
        {
            // Refused before reading: a huge file costs nothing but this stat.
            if (YamlBounds.CheckFileSize(new FileInfo(path).Length) is { } tooLarge)
            {
                return new ResourceFile(path, [], [$"{name}: {tooLarge}."]);
            }

            text = File.ReadAllText(path);
        }
        catch (IOException e)
        {
            return new ResourceFile(path, [], [$"{name}: cannot be read: {e.Message}"]);
        }

        return Parse(text, name, path);
    }

    /// <summary>Parses YAML text (one or more documents); every problem becomes one message, never an exception.</summary>
    public static ResourceFile Parse(string yaml, string displayName, string? path = null)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (YamlBounds.Check(yaml) is { } refused)
        {
            return new ResourceFile(path ?? displayName, [], [$"{displayName}: {refused}."]);
        }

        List<object> objects;
        try
        {
            objects = KubernetesYaml.LoadAllFromString(yaml, TypeMap, strict: true);
        }
        catch (YamlException e)
        {
            return new ResourceFile(path ?? displayName, [], [$"{displayName}: line {e.Start.Line}, column {e.Start.Column}: {Explain(e)}"]);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException)
        {
            return new ResourceFile(path ?? displayName, [], [$"{displayName}: {e.Message}"]);
        }
        // The client's loader looks the type up by apiVersion/kind without checking, and dereferences an
        // empty document: both are bad files, not bugs of ours (found by fuzz/, resource-yaml harness).
        catch (KeyNotFoundException)
        {
            return new ResourceFile(path ?? displayName, [], [$"{displayName}: a document has no apiVersion or kind, or one local mode does not run; it runs {TrainingJob.KindName}, {ModelDeployment.KindName} and {Model.KindName} ({MlApi.GroupVersion})."]);
        }
        catch (NullReferenceException)
        {
            return new ResourceFile(path ?? displayName, [], [$"{displayName}: a document is empty (only comments or '---') or not a mapping; each document is one {TrainingJob.KindName}, {ModelDeployment.KindName} or {Model.KindName}."]);
        }

        var resources = new List<IKubernetesObject<V1ObjectMeta>>();
        var errors = new List<string>();
        for (var i = 0; i < objects.Count; i++)
        {
            if (objects[i] is not (TrainingJob or ModelDeployment or Model) || objects[i] is not IKubernetesObject<V1ObjectMeta> resource)
            {
                errors.Add($"{displayName}: document {i + 1} is a {(objects[i] as IKubernetesObject)?.Kind ?? objects[i].GetType().Name}; local mode runs {TrainingJob.KindName}, {ModelDeployment.KindName} and {Model.KindName} ({MlApi.GroupVersion}).");
                continue;
            }

            resource.Metadata ??= new V1ObjectMeta();
            resource.Metadata.NamespaceProperty ??= DefaultNamespace;
            var problems = Validate(resource);
            if (problems.Count == 0)
            {
                resources.Add(resource);
            }
            else
            {
                var what = $"{resource.Kind} {(string.IsNullOrEmpty(resource.Metadata.Name) ? $"(document {i + 1})" : resource.Metadata.Name)}";
                errors.AddRange(problems.Select(p => $"{displayName}: {what}: {p}"));
            }
        }

        return new ResourceFile(path ?? displayName, resources, errors);
    }

    /// <summary>What the API server would refuse: the structural schema of the kind's CRD, and the name rule.</summary>
    public static IReadOnlyList<string> Validate(IKubernetesObject<V1ObjectMeta> resource)
    {
        ArgumentNullException.ThrowIfNull(resource);
        var errors = new List<string>();
        var name = resource.Metadata?.Name;
        var namePattern = resource is ModelDeployment ? NamePatterns.Dns1035Label : NamePatterns.Dns1123Label;
        if (string.IsNullOrEmpty(name))
        {
            errors.Add("metadata.name: required");
        }
        else if (name.Length > 63 || !Regex.IsMatch(name, namePattern))
        {
            errors.Add($"metadata.name: '{name}' must be a DNS label of at most 63 characters ({namePattern})");
        }

        var crd = CustomResourceDefinitions.All().Single(c => c.Spec.Names.Kind == resource.Kind);
        var node = JsonNode.Parse(KubernetesJson.Serialize(resource));
        errors.AddRange(OpenApiValidator.Validate(node, crd.Spec.Versions.Single().Schema.OpenAPIV3Schema).Select(e => e.TrimStart('.')));
        return errors;
    }

    /// <summary>YamlDotNet's innermost message says what is wrong ("Property 'x' not found on type ..."); the type name is ours, not the user's.</summary>
    private static string Explain(YamlException e)
    {
        var inner = e;
        while (inner.InnerException is YamlException deeper)
        {
            inner = deeper;
        }

        var message = inner.InnerException?.Message ?? inner.Message;
        var notFound = Regex.Match(message, "Property '(?<field>[^']+)' not found on type '(?<type>[^']+)'");
        return notFound.Success
            ? $"unknown field '{notFound.Groups["field"].Value}' (in {notFound.Groups["type"].Value.Split('.')[^1]})"
            : message;
    }
}

/// <summary>One file's resources (the valid ones) and its problems, one message each.</summary>
public sealed record ResourceFile(string Path, IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Resources, IReadOnlyList<string> Errors);
