using System.Reflection;
using System.Reflection.Emit;

namespace EcommerceMl.Inference.Tests;

/// <summary>
/// The server's folders depend one way: handlers (Endpoints, Dashboard, Tracker) and their wiring (Hosting) use the layers
/// below them, never the reverse. Checked on the compiled assembly — signatures, fields and every type a method body
/// touches (calls, fields, tokens), lambdas and async state machines included — so a `using` cannot hide a reference.
/// </summary>
public sealed class LayeringTests
{
    private const string Root = "EcommerceMl.Inference.";

    /// <summary>What sits above the request-independent layers: handlers and their wiring.</summary>
    private static readonly string[] HandlerLayers = ["Endpoints", "Dashboard", "Tracker", "Hosting"];

    public static TheoryData<string, string[]> Rules => new()
    {
        { "Observability", [.. HandlerLayers, "OpenInference", "Errors"] },
        { "OpenInference", [.. HandlerLayers, "Errors"] },
        { "Contracts", [.. HandlerLayers, "Observability", "OpenInference"] },
        { "Models", HandlerLayers },
        { "Events", HandlerLayers },
        { "Drift", HandlerLayers },
        { "Options", HandlerLayers },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void Layer_NeverReferencesTheLayersAboveIt(string layer, string[] above)
    {
        var leaks = TypesIn(layer)
            .SelectMany(t => ReferencedTypes(t).Select(r => (From: t, To: r)))
            .Where(p => above.Any(a => p.To.Namespace == Root + a))
            .Select(p => $"{Name(p.From)} → {p.To.FullName}")
            .Distinct()
            .ToList();

        Assert.True(leaks.Count == 0, $"{layer} references {string.Join(", ", above)}:\n{string.Join("\n", leaks)}");
    }

    [Fact]
    public void Scanner_SeesReferencesInsideMethodBodiesAndLambdas()
    {
        // The oracle for the scan itself: Endpoints do use Observability and Contracts, only from method bodies.
        var endpoints = TypesIn("Endpoints").SelectMany(ReferencedTypes).Select(t => t.Namespace).ToHashSet();

        Assert.Contains(Root + "Observability", endpoints);
        Assert.Contains(Root + "Contracts", endpoints);
        Assert.NotEmpty(TypesIn("Observability"));
    }

    private static IEnumerable<Type> TypesIn(string layer) =>
        typeof(InferenceApp).Assembly.GetTypes().Where(t => t.Namespace == Root + layer);

    private static string Name(Type type) => type.DeclaringType is { } outer ? $"{Name(outer)}+{type.Name}" : type.Name;

    private static HashSet<Type> ReferencedTypes(Type type)
    {
        var found = new HashSet<Type>();
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        Add(found, type.BaseType);
        foreach (var i in type.GetInterfaces())
        {
            Add(found, i);
        }

        foreach (var field in type.GetFields(all))
        {
            Add(found, field.FieldType);
        }

        foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
        {
            if (method is MethodInfo info)
            {
                Add(found, info.ReturnType);
            }

            foreach (var parameter in method.GetParameters())
            {
                Add(found, parameter.ParameterType);
            }

            foreach (var local in method.GetMethodBody()?.LocalVariables ?? [])
            {
                Add(found, local.LocalType);
            }

            foreach (var member in BodyReferences(method))
            {
                switch (member)
                {
                    case Type t:
                        Add(found, t);
                        break;
                    case MethodBase m:
                        Add(found, m.DeclaringType);
                        foreach (var argument in m.IsGenericMethod ? m.GetGenericArguments() : [])
                        {
                            Add(found, argument);
                        }

                        break;
                    case FieldInfo f:
                        Add(found, f.DeclaringType);
                        Add(found, f.FieldType);
                        break;
                }
            }
        }

        return found;
    }

    private static void Add(HashSet<Type> found, Type? type)
    {
        while (type is { HasElementType: true })
        {
            type = type.GetElementType();
        }

        if (type is null || type.IsGenericParameter || !found.Add(type))
        {
            return;
        }

        foreach (var argument in type.IsGenericType ? type.GetGenericArguments() : [])
        {
            Add(found, argument);
        }
    }

    /// <summary>The types, methods and fields a method body's instructions name (their metadata tokens).</summary>
    private static IEnumerable<MemberInfo> BodyReferences(MethodBase method)
    {
        var il = method.GetMethodBody()?.GetILAsByteArray();
        if (il is null)
        {
            yield break;
        }

        var typeArguments = method.DeclaringType is { IsGenericType: true } d ? d.GetGenericArguments() : null;
        var methodArguments = method.IsGenericMethod ? method.GetGenericArguments() : null;
        for (var at = 0; at < il.Length;)
        {
            var code = il[at] == 0xFE ? TwoByte[il[at + 1]] : OneByte[il[at]];
            at += code.Size;
            var operand = code.OperandType switch
            {
                OperandType.InlineNone => 0,
                OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
                OperandType.InlineVar => 2,
                OperandType.InlineI8 or OperandType.InlineR => 8,
                OperandType.InlineSwitch => 4 + (4 * BitConverter.ToInt32(il, at)),
                _ => 4,
            };
            if (code.OperandType is OperandType.InlineField or OperandType.InlineMethod or OperandType.InlineTok or OperandType.InlineType)
            {
                MemberInfo? member;
                try
                {
                    member = method.Module.ResolveMember(BitConverter.ToInt32(il, at), typeArguments, methodArguments);
                }
                catch (ArgumentException)
                {
                    member = null; // a token of a generic context this walk does not model; the signature checks still apply
                }

                if (member is not null)
                {
                    yield return member;
                }
            }

            at += operand;
        }
    }

    private static readonly OpCode[] OneByte = new OpCode[0x100];
    private static readonly OpCode[] TwoByte = new OpCode[0x100];

#pragma warning disable CA1810 // the opcode tables are filled from OpCodes' fields once
    static LayeringTests()
#pragma warning restore CA1810
    {
        foreach (var field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var code = (OpCode)field.GetValue(null)!;
            var value = (ushort)code.Value;
            if (code.Size == 1)
            {
                OneByte[value] = code;
            }
            else
            {
                TwoByte[value & 0xFF] = code;
            }
        }
    }
}
