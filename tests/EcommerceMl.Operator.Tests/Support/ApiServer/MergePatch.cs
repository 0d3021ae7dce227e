using System.Text.Json.Nodes;

namespace EcommerceMl.Operator.Tests.Support.ApiServer;

/// <summary>RFC 7386 JSON merge patch: objects merge, <c>null</c> deletes a key, everything else (arrays too) is replaced whole.</summary>
internal static class MergePatch
{
    public static JsonNode? Apply(JsonNode? target, JsonNode? patch)
    {
        if (patch is not JsonObject patchObject)
        {
            return patch?.DeepClone();
        }

        var result = target is JsonObject targetObject ? targetObject.DeepClone().AsObject() : [];
        foreach (var (key, value) in patchObject)
        {
            if (value is null)
            {
                result.Remove(key);
            }
            else
            {
                result[key] = Apply(result[key], value);
            }
        }

        return result;
    }
}
