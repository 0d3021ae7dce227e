using System.Globalization;
using EcommerceMl.Contracts;
using EcommerceMl.Contracts.Events;
using EcommerceMl.Operator.Resources.V1Alpha1;
using k8s.Models;

namespace EcommerceMl.Operator.Builders;

/// <summary>
/// The inference server's settings a ModelDeployment's spec chooses (<c>shopTimeZone</c>, <c>events</c>), as the
/// configuration variables the server reads (the events database's connection as a Secret reference). Only what the spec sets: an unset field leaves the server's default,
/// and the Pod template (so its hash) of a spec that sets none is the one it always was — no rollout for nothing.
/// </summary>
internal static class ServingEnvironment
{
    public static IEnumerable<V1EnvVar> For(ModelDeploymentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.ShopTimeZone is { } zone)
        {
            yield return Variable(InferenceConfiguration.ShopTimeZoneKey, zone);
        }

        if (spec.Events is not { } events)
        {
            yield break;
        }

        if (events.Sink == false)
        {
            yield return Variable(EventSinkConfiguration.SinkKey, EventSinkConfiguration.None);
        }

        if (events.Postgres?.SecretRef is { Name.Length: > 0 } secret)
        {
            // The connection holds a password: the Pod reads it from the Secret, and it never appears in the spec.
            yield return Env.FromSecret(
                InferenceConfiguration.EnvironmentVariable(EventSinkConfiguration.PostgresKey), secret.Name, secret.Key ?? SecretKeyReference.DefaultKey);
        }

        if (events.RetentionDays is { } days)
        {
            yield return Variable(EventSinkConfiguration.RetentionDaysKey, days.ToString(CultureInfo.InvariantCulture));
        }

        if (events.StoreClientIp is { } ip)
        {
            yield return Variable(EventSinkConfiguration.StoreClientIpKey, Flag(ip));
        }

        if (events.StoreUserAgent is { } agent)
        {
            yield return Variable(EventSinkConfiguration.StoreUserAgentKey, Flag(agent));
        }
    }

    private static V1EnvVar Variable(string key, string value) => Env.Of(InferenceConfiguration.EnvironmentVariable(key), value);

    private static string Flag(bool value) => value ? "true" : "false";
}
