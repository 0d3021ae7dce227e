using System.Buffers;
using System.Text;
using System.Text.Unicode;
using EcommerceMl.Inference.Models;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>
/// An Open Inference request body a recommender's version already answered from the <see cref="AnswerCache"/> (a
/// known customer's default-shaped top-k): the same bytes to the same version get the same body again without being
/// parsed and checked again, because the answer depends only on the version and those bytes. Clients that ask for
/// one customer's top-k again send the same body (KServe's clients serialize a request the same way each time), and
/// the protocol reader was the largest cost of our own left on that path. Only a whole body of valid UTF-8 in one
/// buffer segment and at most <see cref="MaxBytes"/> long is looked up, to a loaded recommender the route names; any
/// other request, a body never answered from the cache, a bad body and any error take the normal path, so every
/// error answer is as before. The lookup decodes the bytes into a stack buffer and asks the answer table through its
/// span lookup, so a body that is not kept (most of them never will be) costs no allocation; the body becomes a
/// string only when an answer is kept under it.
/// </summary>
internal static class RepeatedBody
{
    /// <summary>The longest body looked up: a default-shaped request for one customer is about a hundred bytes.</summary>
    public const int MaxBytes = 512;

    /// <summary>
    /// What the lookup found: the version the route names when the body was looked up for it (else null), the kept
    /// answer on a hit, and the body looked up (valid until the request's body reader is advanced past it).
    /// </summary>
    public readonly record struct Lookup(ModelEntry? Entry, CachedAnswer? Answer, ReadOnlySequence<byte> Body);

    /// <summary>Looks the whole request <paramref name="body"/> up for the version the route names; allocates nothing.</summary>
    public static Lookup Find(AnswerCache answers, ModelRegistry registry, string name, string? version, ReadOnlySequence<byte> body)
    {
        if (!answers.Enabled || !body.IsSingleSegment || body.Length is 0 or > MaxBytes
            || registry.Find(name) is not { Model: IRecommender } entry || (version is not null && version != entry.Version))
        {
            return default;
        }

        // Strict decoding: two different invalid byte runs would both decode to U+FFFD, so only valid UTF-8 is a key.
        Span<char> chars = stackalloc char[MaxBytes];
        if (Utf8.ToUtf16(body.FirstSpan, chars, out _, out var written, replaceInvalidSequences: false) != OperationStatus.Done)
        {
            return default;
        }

        return new Lookup(entry, answers.Find(entry, AnswerKind.InferBody, chars[..written]), body);
    }

    /// <summary>Keeps <paramref name="answer"/> under the body that asked for it, when that body was looked up for <paramref name="entry"/>.</summary>
    public static void Keep(AnswerCache answers, ModelEntry entry, Lookup lookup, CachedAnswer answer)
    {
        if (lookup.Entry == entry)
        {
            answers.TryAdd(entry, AnswerKind.InferBody, Encoding.UTF8.GetString(lookup.Body.FirstSpan), answer);
        }
    }
}
