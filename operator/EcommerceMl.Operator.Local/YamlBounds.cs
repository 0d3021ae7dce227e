using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace EcommerceMl.Operator.Local;

/// <summary>
/// What local mode refuses before deserialising a resource file, as the Kubernetes API server does since
/// CVE-2019-11253: a file larger than <see cref="MaxFileBytes"/> (the API server's 3 MiB request limit), and
/// YAML whose aliases expand it beyond <see cref="MaxExpandedSize"/> (an "alias bomb": a 619-byte file of
/// nested anchors reached 1.7 GB of memory in the deserialiser). The expansion is measured on the parser's
/// event stream — anchors are sized once, an alias adds its anchor's size — so nothing is ever expanded,
/// and the walk stops at the first node over the bound: fast whatever the file holds.
/// </summary>
public static class YamlBounds
{
    /// <summary>3 MiB, the largest request body the Kubernetes API server accepts.</summary>
    public const long MaxFileBytes = 3 * 1024 * 1024;

    /// <summary>Characters of scalars plus one per node, after aliases are expanded: room for any honest 3 MiB file.</summary>
    public const long MaxExpandedSize = 8 * 1024 * 1024;

    /// <summary>Why a file of <paramref name="bytes"/> bytes is refused, or null.</summary>
    public static string? CheckFileSize(long bytes) =>
        bytes > MaxFileBytes
            ? string.Create(CultureInfo.InvariantCulture, $"is {bytes:N0} bytes, more than the {MaxFileBytes:N0} a resource file may hold (the Kubernetes API server's request limit); split it")
            : null;

    /// <summary>Why <paramref name="yaml"/> is refused (too large, or expanding too far through aliases), or null. Syntax errors are left to the deserialiser, which names their line.</summary>
    public static string? Check(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        if (CheckFileSize(System.Text.Encoding.UTF8.GetByteCount(yaml)) is { } tooLarge)
        {
            return tooLarge;
        }

        try
        {
            return ExpandedSizeProblem(yaml);
        }
        catch (YamlException)
        {
            return null;
        }
    }

    private static string? ExpandedSizeProblem(string yaml)
    {
        var parser = new Parser(new StringReader(yaml));
        var anchors = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Stack<(string? Anchor, long Size)>();
        long total = 0;
        while (parser.MoveNext())
        {
            long? closed = null;
            string? anchor = null;
            switch (parser.Current)
            {
                case Scalar scalar:
                    closed = scalar.Value.Length + 1;
                    anchor = scalar.Anchor.IsEmpty ? null : scalar.Anchor.Value;
                    break;
                case AnchorAlias alias:
                    // An alias to an unknown anchor is the deserialiser's error to report.
                    closed = anchors.GetValueOrDefault(alias.Value.Value, 1);
                    break;
                case NodeEvent { } start when start is SequenceStart or MappingStart:
                    open.Push((start.Anchor.IsEmpty ? null : start.Anchor.Value, 1));
                    break;
                case SequenceEnd or MappingEnd:
                    var (name, size) = open.Pop();
                    closed = size;
                    anchor = name;
                    break;
            }

            if (closed is not { } nodeSize)
            {
                continue;
            }

            if (anchor is not null)
            {
                anchors[anchor] = nodeSize;
            }

            if (open.TryPop(out var parent))
            {
                open.Push((parent.Anchor, parent.Size + nodeSize));
                if (parent.Size + nodeSize > MaxExpandedSize)
                {
                    return Refusal();
                }
            }
            else if ((total += nodeSize) > MaxExpandedSize)
            {
                return Refusal();
            }
        }

        return null;
    }

    private static string Refusal() => string.Create(CultureInfo.InvariantCulture,
        $"expands to more than {MaxExpandedSize:N0} characters through YAML aliases (an alias bomb?); local mode refuses it, as the Kubernetes API server does since CVE-2019-11253. Write the values out instead of nesting anchors");
}
