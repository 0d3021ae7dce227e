using System.Globalization;
using System.Text;

namespace EcommerceMl.Artifacts;

/// <summary>
/// The object a publisher creates (create-only) in a version's folder before writing any file:
/// <c>models/{model}/versions/{version}/.publishing</c>, holding a random token, when and where the
/// claim was made. It cannot collide with a model file (those start with a letter or digit) and no
/// reader looks at it; it goes once the manifest is written, and a store gc removes one left by a
/// publisher that died.
/// </summary>
internal sealed record PublishClaim(string Token, string Text)
{
    public const string FileName = ".publishing";

    public byte[] Bytes => Encoding.UTF8.GetBytes(Text);

    public static PublishClaim New()
    {
        var token = Guid.NewGuid().ToString("N");
        return new PublishClaim(token, string.Create(CultureInfo.InvariantCulture,
            $"{token}\nclaimed {DateTimeOffset.UtcNow:O} by {Environment.MachineName} (pid {Environment.ProcessId})\n"));
    }

    public static string PathOf(string model, string version) => ModelStoreLayout.FilePath(model, version, FileName);

    public bool Matches(byte[] stored) => Encoding.UTF8.GetString(stored).StartsWith(Token + "\n", StringComparison.Ordinal);
}
