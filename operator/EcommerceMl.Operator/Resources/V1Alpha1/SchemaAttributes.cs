namespace EcommerceMl.Operator.Resources.V1Alpha1;

// Kubernetes-specific schema facts that System.ComponentModel.DataAnnotations cannot say. The CRD
// generator (Crds/) reads these together with [Required], [Range], [RegularExpression],
// [AllowedValues], [StringLength], [MaxLength], [Description] and [DefaultValue].

/// <summary>A CEL rule (<c>x-kubernetes-validations</c>) on the object or field it decorates.</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Property, AllowMultiple = true)]
public sealed class CelRuleAttribute(string rule, string message) : Attribute
{
    public string Rule { get; } = rule;

    public string Message { get; } = message;
}

/// <summary>
/// The field cannot change after creation: <c>self == oldSelf</c> on it, and, when it is optional,
/// a rule on its parent that it can be neither added nor removed.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class ImmutableAttribute : Attribute;

/// <summary>The object's properties are alternatives: exactly one of them is set.</summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class ExactlyOneAttribute : Attribute;

/// <summary>The API server defaults the (object-typed) field to <c>{}</c>, so the defaults inside it always apply.</summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class DefaultEmptyObjectAttribute : Attribute;

/// <summary>
/// The (object-typed) field is a template of another resource's spec, stored on a resource that can
/// change: <see cref="ImmutableAttribute"/> on the fields of the types beneath it does not apply.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class TemplateAttribute : Attribute;
