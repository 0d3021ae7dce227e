using System.Security.Cryptography;
using System.Text;

namespace EcommerceMl.Contracts.Events;

/// <summary>
/// The id a recommendation answer carries (<c>recommendationId</c>), which the storefront sends back on the events
/// that follow from it (a view of a recommended product, its cart add, the purchase), so that a purchase can be
/// attributed to the model version that recommended it without a lookup: <c>{model}.{version}.{answer}</c>, where
/// answer is 12 hex digits of the SHA-256 of the customer id. Deterministic per version and customer, so an answer
/// served from the inference server's answer cache carries the same id as the one first built. Model names and
/// versions hold no dots (<see cref="ModelNames"/>, <see cref="ModelVersions"/>).
/// </summary>
public static class RecommendationIds
{
    private const int AnswerHexDigits = 12;

    public static string For(string model, string version, string customerId)
    {
        ArgumentException.ThrowIfNullOrEmpty(model);
        ArgumentException.ThrowIfNullOrEmpty(version);
        ArgumentNullException.ThrowIfNull(customerId);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(customerId));
        return $"{model}.{version}.{Convert.ToHexStringLower(hash)[..AnswerHexDigits]}";
    }

    /// <summary>The model and version an id names; false for an id this server did not make (a client's own ids are allowed, and simply not attributable).</summary>
    public static bool TryParse(string? id, out string model, out string version)
    {
        model = version = "";
        var parts = id?.Split('.') ?? [];
        if (parts.Length != 3 || parts[0].Length == 0 || parts[1].Length == 0 || parts[2].Length != AnswerHexDigits)
        {
            return false;
        }

        (model, version) = (parts[0], parts[1]);
        return true;
    }
}
