using EcommerceMl.Operator.Resources.V1Alpha1;

namespace EcommerceMl.Operator.Rollout;

/// <summary>
/// What the schema cannot refuse in a ModelDeployment's spec but the inference server would: a time zone id of the
/// right shape that this system does not know. Found before anything is rolled out, so a typo makes the resource
/// InvalidSpec (the serving Pods untouched) instead of Pods that fail their options validation in a crash loop.
/// </summary>
public static class ServingSpecCheck
{
    /// <summary>The first problem, naming its field; null when the spec can be served.</summary>
    public static string? Problem(ModelDeploymentSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.ShopTimeZone is { } zone && !TimeZoneInfo.TryFindSystemTimeZoneById(zone, out _))
        {
            return $"spec.shopTimeZone '{zone}' is not a time zone this system knows; give an IANA id such as UTC or Europe/London.";
        }

        return null;
    }
}
