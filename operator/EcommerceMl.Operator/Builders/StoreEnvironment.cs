using EcommerceMl.Artifacts;
using k8s.Models;

namespace EcommerceMl.Operator.Builders;

/// <summary>
/// The environment a container needs to reach the model store: the S3 endpoint from the operator's
/// settings and the credentials only ever as references to a Secret's keys (never their values).
/// </summary>
public static class StoreEnvironment
{
    public static IEnumerable<V1EnvVar> For(string store, string? credentialsSecret, WorkloadSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        if (!store.StartsWith(S3Location.Scheme, StringComparison.OrdinalIgnoreCase))
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(settings.S3Endpoint))
        {
            throw new InvalidWorkloadException($"The store '{store}' is on S3 but the operator has no S3 endpoint configured (WorkloadSettings.S3Endpoint).");
        }

        var secret = credentialsSecret ?? settings.CredentialsSecretName
            ?? throw new InvalidWorkloadException(
                $"The store '{store}' is on S3 but no credentials Secret is named: set credentialsSecretRef or configure the operator's default Secret.");
        yield return Env.Of(S3Settings.EndpointVariable, settings.S3Endpoint);
        yield return Env.FromSecret(S3Settings.AccessKeyVariable, secret, S3Settings.AccessKeyVariable);
        yield return Env.FromSecret(S3Settings.SecretKeyVariable, secret, S3Settings.SecretKeyVariable);
        yield return Env.FromSecret(S3Settings.RegionVariable, secret, S3Settings.RegionVariable, optional: true);
    }
}

/// <summary>A resource cannot be turned into a workload as it stands (a spec or configuration problem a user fixes).</summary>
public sealed class InvalidWorkloadException(string message) : Exception(message);
