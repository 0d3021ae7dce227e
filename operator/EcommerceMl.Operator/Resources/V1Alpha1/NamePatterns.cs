namespace EcommerceMl.Operator.Resources.V1Alpha1;

/// <summary>Patterns the schema enforces on names (regular expressions, valid in both .NET and the API server's OpenAPI validation).</summary>
public static class NamePatterns
{
    /// <summary>A DNS-1123 label: model names are registry keys and path segments in the store.</summary>
    public const string Dns1123Label = ModelNames.ModelNamePattern;

    /// <summary>A Service name: a DNS-1035 label (a letter first).</summary>
    public const string Dns1035Label = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

    /// <summary>A Secret's name (DNS-1123 subdomain).</summary>
    public const string Dns1123Subdomain = "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

    /// <summary>A model version as the trainer writes it (<c>20261123T014200Z-1a2b3c</c>), or <c>latest</c>.</summary>
    public const string VersionOrLatest = "^(" + ModelVersions.Latest + "|" + ModelVersions.PatternBody + ")$";

    /// <summary>A model store: a folder path or <c>s3://bucket[/prefix]</c>.</summary>
    public const string StoreLocation = "^(s3://[a-z0-9][a-z0-9.-]{1,61}[a-z0-9](/.*)?|/.+)$";

    /// <summary>Hyperparameter keys as the pipelines name them (<c>churn_days</c>, <c>l2</c>).</summary>
    public const string HyperparameterKey = "^[a-z][a-z0-9_]*$";

    /// <summary>Hyperparameter values travel as <c>k=v,k=v</c> in ECML_HYPERPARAMETERS, so they hold no comma.</summary>
    public const string HyperparameterValue = "^[^,]*$";

    /// <summary>A Secret's data key as Kubernetes allows it.</summary>
    public const string SecretKey = "^[-._a-zA-Z0-9]+$";
}
