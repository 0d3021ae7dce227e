using System.IO.Pipelines;
using System.Text;
using EcommerceMl.Inference.Models;
using EcommerceMl.Inference.OpenInference;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Inference.Endpoints;

/// <summary>
/// An Open Inference request body a recommender's version already answered from the <see cref="AnswerCache"/> (a
/// known customer's default-shaped top-k): the same bytes to the same version get the same body again without being
/// parsed and checked again, because the answer depends only on the version and those bytes. Clients that ask for
/// one customer's top-k again send the same body (KServe's clients serialize a request the same way each time), and
/// the protocol reader was the largest cost of our own left on that path. Only a body that came whole with the headers
/// and is at most <see cref="MaxBytes"/> long is looked up; any other request, a body never answered from the cache, a
/// bad body and any error take the normal path, so every error answer is as before.
/// </summary>
internal static class RepeatedBody
{
    /// <summary>The longest body looked up: a default-shaped request for one customer is about a hundred bytes.</summary>
    public const int MaxBytes = 512;

    /// <summary>What the lookup found: the version the route names and the body as a key (null when not looked up), and the kept answer on a hit.</summary>
    public readonly record struct Lookup(ModelEntry? Entry, string? Key, CachedAnswer? Answer);

    /// <summary>
    /// Looks the request's body up for the version the route names. On a hit the body is consumed; otherwise it is
    /// left unread for the normal path. A body still arriving is waited for only while it stays within
    /// <see cref="MaxBytes"/> (it usually came with the headers: then nothing waits).
    /// </summary>
    public static ValueTask<Lookup> FindAsync(ServingContext serving, string name, string? version)
    {
        if (!serving.Answers.Enabled)
        {
            return default;
        }

        var body = serving.Http.Request.BodyReader;
        return body.TryRead(out var read) && (read.IsCompleted || read.Buffer.Length > MaxBytes)
            ? new(Find(serving, name, version, body, read))
            : WaitAsync(serving, name, version, body, read);
    }

    private static async ValueTask<Lookup> WaitAsync(ServingContext serving, string name, string? version, PipeReader body, ReadResult read)
    {
        while (!read.IsCompleted && read.Buffer.Length <= MaxBytes)
        {
            body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            read = await body.ReadAsync(serving.Http.RequestAborted);
            if (read.IsCanceled)
            {
                body.AdvanceTo(read.Buffer.Start);
                return default;
            }
        }

        return Find(serving, name, version, body, read);
    }

    private static Lookup Find(ServingContext serving, string name, string? version, PipeReader body, ReadResult read)
    {
        var buffer = read.Buffer;
        var (entry, _, _) = read.IsCompleted && buffer.IsSingleSegment && buffer.Length is > 0 and <= MaxBytes
            ? ModelResolver.Resolve(serving.Registry, name, version)
            : default;
        if (entry?.Model is not IRecommender)
        {
            body.AdvanceTo(buffer.Start);
            return default;
        }

        var key = Encoding.UTF8.GetString(buffer.FirstSpan);
        if (serving.Answers.Find(entry, AnswerKind.InferBody, key) is { } answer)
        {
            body.AdvanceTo(buffer.End);
            return new Lookup(entry, key, answer);
        }

        body.AdvanceTo(buffer.Start);
        return new Lookup(entry, key, null);
    }

    /// <summary>Keeps <paramref name="answer"/> under the body that asked for it (nothing when the body was not looked up).</summary>
    public static void Keep(ServingContext serving, ModelEntry entry, string? key, CachedAnswer answer)
    {
        if (key is not null)
        {
            serving.Answers.TryAdd(entry, AnswerKind.InferBody, key, answer);
        }
    }
}
