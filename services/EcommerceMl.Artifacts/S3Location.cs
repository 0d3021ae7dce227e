using System.Text.RegularExpressions;

namespace EcommerceMl.Artifacts;

/// <summary>A parsed <c>s3://bucket[/prefix]</c> store location.</summary>
public sealed partial record S3Location(string Bucket, string Prefix)
{
    public const string Scheme = "s3://";

    public override string ToString() => Prefix.Length == 0 ? $"{Scheme}{Bucket}" : $"{Scheme}{Bucket}/{Prefix}";

    /// <summary>
    /// Parses <c>s3://bucket[/prefix]</c>. The bucket follows S3 naming rules; prefix segments are
    /// plain names (no empty, <c>.</c> or <c>..</c> segments), so keys stay inside the prefix.
    /// </summary>
    public static S3Location Parse(string location)
    {
        ArgumentNullException.ThrowIfNull(location);
        if (!location.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{location}' is not an S3 location: expected s3://bucket[/prefix].", nameof(location));
        }

        var rest = location[Scheme.Length..].TrimEnd('/');
        var slash = rest.IndexOf('/', StringComparison.Ordinal);
        var bucket = slash < 0 ? rest : rest[..slash];
        var prefix = slash < 0 ? string.Empty : rest[(slash + 1)..];
        if (!BucketName().IsMatch(bucket) || bucket.Contains("..", StringComparison.Ordinal))
        {
            throw new ArgumentException(
                $"S3 location '{location}' has an invalid bucket '{bucket}': 3-63 characters of a-z, 0-9, '.' and '-', starting and ending with a letter or digit.",
                nameof(location));
        }

        if (prefix.Length > 0 && prefix.Split('/').Any(segment => !PrefixSegment().IsMatch(segment) || segment is "." or ".."))
        {
            throw new ArgumentException(
                $"S3 location '{location}' has an invalid prefix '{prefix}': use '/'-separated segments of A-Z, a-z, 0-9, '.', '_' and '-', with no empty, '.' or '..' segment.",
                nameof(location));
        }

        return new S3Location(bucket, prefix);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$", RegexOptions.CultureInvariant)]
    private static partial Regex BucketName();

    [GeneratedRegex("^[A-Za-z0-9._-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex PrefixSegment();
}
