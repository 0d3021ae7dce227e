using k8s.Models;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// Where local mode finds what a Pod would read from Secrets (<c>secretKeyRef</c>): a secrets file
/// (<c>{state}/secrets.yaml</c>: a map of Secret name to a map of key to value), else the
/// environment variable named like the key (<c>AWS_ACCESS_KEY_ID</c> from the shell that runs
/// <c>ecml up</c>). Values are never written anywhere else.
/// </summary>
public sealed class LocalSecrets(IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> secrets, Func<string, string?> environment)
{
    public static LocalSecrets None { get; } = new(new Dictionary<string, IReadOnlyDictionary<string, string>>(), _ => null);

    /// <summary>Reads the secrets file when there is one; a malformed file is an error naming it.</summary>
    public static LocalSecrets Load(string path, Func<string, string?> environment)
    {
        if (!File.Exists(path))
        {
            return new LocalSecrets(new Dictionary<string, IReadOnlyDictionary<string, string>>(), environment);
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(File.ReadAllText(path)));
            var secrets = new Dictionary<string, IReadOnlyDictionary<string, string>>(StringComparer.Ordinal);
            if (stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root)
            {
                foreach (var (name, keys) in root.Children)
                {
                    secrets[((YamlScalarNode)name).Value!] = ((YamlMappingNode)keys).Children
                        .ToDictionary(k => ((YamlScalarNode)k.Key).Value!, k => ((YamlScalarNode)k.Value).Value ?? string.Empty, StringComparer.Ordinal);
                }
            }

            return new LocalSecrets(secrets, environment);
        }
        catch (Exception e) when (e is YamlException or InvalidCastException)
        {
            throw new ArgumentException($"{path}: expected a map of Secret name to a map of key to value (secretName: {{KEY: value}}): {e.Message}", e);
        }
    }

    public string? Find(string secret, string key) =>
        secrets.TryGetValue(secret, out var keys) && keys.TryGetValue(key, out var value) ? value : environment(key);

    /// <summary>A container's environment as a process's: plain values as they are, Secret references resolved; an error for a missing required one.</summary>
    public IReadOnlyDictionary<string, string> EnvironmentOf(V1Container container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var resolved = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var variable in container.Env ?? [])
        {
            if (variable.ValueFrom?.SecretKeyRef is { } reference)
            {
                var value = Find(reference.Name, reference.Key);
                if (value is not null)
                {
                    resolved[variable.Name] = value;
                }
                else if (reference.Optional != true)
                {
                    throw new InvalidOperationException(
                        $"secret \"{reference.Name}\" key \"{reference.Key}\" not found: add it to the secrets file or set {reference.Key} in the environment of `ecml up`");
                }
            }
            else if (variable.Value is not null)
            {
                resolved[variable.Name] = variable.Value;
            }
        }

        return resolved;
    }
}
