namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>The API group and version of the platform's custom resources (DESIGN.md, "Custom resources").</summary>
public static class MlApi
{
    public const string Group = "ml.ecommerce.dev";
    public const string Version = "v1alpha1";
    public const string GroupVersion = Group + "/" + Version;

    /// <summary>Prefix of the labels and annotations the operator owns.</summary>
    public const string LabelPrefix = Group + "/";
}
