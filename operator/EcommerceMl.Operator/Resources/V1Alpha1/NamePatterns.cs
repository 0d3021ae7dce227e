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

    /// <summary>A duration as a Model's fields take it: days, hours, minutes and seconds in that order, each optional (<c>90s</c>, <c>1h30m</c>, <c>14d</c>).</summary>
    public const string Duration = "^([0-9]+d)?([0-9]+h)?([0-9]+m)?([0-9]+s)?$";

    /// <summary>
    /// The shape of a cron expression: a macro (<c>@daily</c>) or 5 or 6 fields of cron's characters
    /// separated by single spaces. The reconciler parses it fully (Cronos) and reports what is wrong.
    /// </summary>
    public const string CronShape = "^(@(yearly|annually|monthly|weekly|daily|midnight|hourly)|[0-9A-Za-z*/,?#-]+( [0-9A-Za-z*/,?#-]+){4,5})$";

    /// <summary>An IANA time zone id (<c>Europe/London</c>, <c>UTC</c>, <c>America/Argentina/Buenos_Aires</c>, <c>Etc/GMT+5</c>).</summary>
    public const string TimeZone = "^[A-Za-z][A-Za-z0-9_+/-]*$";
}
