using System.Net;
using System.Text;

namespace EcommerceMl.Artifacts.Tests.Support;

/// <summary>
/// The part of an S3 server that fails now and then, in front of a real one (s3rver): a request <see cref="Fails"/>
/// picks is answered with an S3 error document instead of being sent (<see cref="Mode.Refuse"/>), sent and its answer
/// replaced by the error (<see cref="Mode.LoseTheAnswer"/>: the server applied it, the client never heard), or never
/// connected (<see cref="Mode.RefuseTheConnection"/>, as a server restarting).
/// Records every request it saw, as "METHOD path?query", with the status it was answered, and counts the requests
/// sent again (the same request message, as the retrying client sends it).
/// </summary>
internal sealed class MisbehavingS3(Func<HttpRequestMessage, int, bool> fails, HttpStatusCode status, string code, MisbehavingS3.Mode mode = MisbehavingS3.Mode.Refuse)
    : DelegatingHandler(new SocketsHttpHandler())
{
    public enum Mode
    {
        Refuse,
        LoseTheAnswer,
        RefuseTheConnection,
    }

    private readonly Dictionary<string, int> _seen = new(StringComparer.Ordinal);
    private readonly HashSet<HttpRequestMessage> _messages = new(ReferenceEqualityComparer.Instance);
    private readonly List<string> _requests = [];
    private readonly List<HttpStatusCode> _statuses = [];

    /// <summary>How many errors it answered.</summary>
    public int Errors { get; private set; }

    /// <summary>How many requests came again.</summary>
    public int Resent { get; private set; }

    public IReadOnlyList<HttpStatusCode> Statuses
    {
        get
        {
            lock (_seen)
            {
                return [.. _statuses];
            }
        }
    }

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_seen)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Fails the first time each distinct request (method, path and query) is seen.</summary>
    public static Func<HttpRequestMessage, int, bool> FirstOfEach(Func<HttpRequestMessage, bool>? which = null) =>
        (request, time) => time == 1 && (which?.Invoke(request) ?? true);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var id = $"{request.Method} {request.RequestUri!.PathAndQuery}";
        bool fail;
        lock (_seen)
        {
            _requests.Add(id);
            Resent += _messages.Add(request) ? 0 : 1;
            _seen[id] = _seen.GetValueOrDefault(id) + 1;
            fail = fails(request, _seen[id]);
            Errors += fail ? 1 : 0;
        }

        if (!fail)
        {
            var answer = await base.SendAsync(request, cancellationToken);
            Record(answer.StatusCode);
            return answer;
        }

        if (mode == Mode.RefuseTheConnection)
        {
            throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused (MisbehavingS3)");
        }

        if (mode == Mode.LoseTheAnswer)
        {
            using var applied = await base.SendAsync(request, cancellationToken);
        }

        Record(status);
        return new HttpResponseMessage(status)
        {
            RequestMessage = request,
            Content = new StringContent(
                $"""<?xml version="1.0" encoding="UTF-8"?><Error><Code>{code}</Code><Message>{code} (MisbehavingS3)</Message><Resource>{request.RequestUri.AbsolutePath}</Resource><RequestId>test</RequestId></Error>""",
                Encoding.UTF8, "application/xml"),
        };
    }

    private void Record(HttpStatusCode answered)
    {
        lock (_seen)
        {
            _statuses.Add(answered);
        }
    }
}
