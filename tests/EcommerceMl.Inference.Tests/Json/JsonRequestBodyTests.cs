using System.Buffers;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json.Serialization.Metadata;
using EcommerceMl.Inference.Contracts;
using EcommerceMl.Inference.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace EcommerceMl.Inference.Tests.Json;

/// <summary>
/// A JSON body read where it lies must read, and fail, as minimal API binding's stream reading does; the endpoints'
/// answers to bad bodies are checked end to end in the endpoint tests.
/// </summary>
public sealed class JsonRequestBodyTests
{
    private static JsonTypeInfo<ChurnRequest> ChurnRequestInfo => InferenceJsonContext.Default.ChurnRequest;

    [Fact]
    public void Parse_BodySplitAcrossSegments_ReadsAsOneDocument()
    {
        var json = """{"customerId": "c1", "recencyDays": 12.5}"""u8.ToArray();

        var request = JsonRequestBody.Parse(Segments(json[..7], json[7..20], json[20..]), ChurnRequestInfo, "request");

        Assert.Equal(new ChurnRequest("c1", RecencyDays: 12.5), request);
    }

    [Fact]
    public void Parse_ByteOrderMark_IsSkippedAsTheSerializersStreamReadingDoes()
    {
        byte[] json = [0xEF, 0xBB, 0xBF, .. """{"customerId": "c1"}"""u8];

        Assert.Equal("c1", JsonRequestBody.Parse(new ReadOnlySequence<byte>(json), ChurnRequestInfo, "request")?.CustomerId);
        Assert.Equal("c1", JsonRequestBody.Parse(Segments(json[..2], json[2..]), ChurnRequestInfo, "request")?.CustomerId);
    }

    [Fact]
    public void Parse_ContentAfterTheValue_IsABadRequestAroundTheJsonError()
    {
        var error = Assert.Throws<BadHttpRequestException>(() =>
            JsonRequestBody.Parse(new ReadOnlySequence<byte>("""{"customerId": "c1"} x"""u8.ToArray()), ChurnRequestInfo, "request"));

        Assert.Equal(StatusCodes.Status400BadRequest, error.StatusCode);
        Assert.Equal("Failed to read parameter \"ChurnRequest request\" from the request body as JSON.", error.Message);
        Assert.Contains("'x' is invalid after a single JSON value", Assert.IsType<JsonException>(error.InnerException).Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData(" null ")]
    public async Task ReadAsync_NullBody_IsABadRequestSayingNoBodyWasProvided(string body)
    {
        var error = await Assert.ThrowsAsync<BadHttpRequestException>(async () =>
            await JsonRequestBody.ReadAsync(Post(body, "application/json"), ChurnRequestInfo, "request"));

        Assert.Equal(StatusCodes.Status400BadRequest, error.StatusCode);
        Assert.Contains("no body was provided", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_RequestThatCannotHaveABody_IsABadRequestSayingNoBodyWasProvided()
    {
        var http = Post("", "application/json");
        http.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(false));

        var error = await Assert.ThrowsAsync<BadHttpRequestException>(async () => await JsonRequestBody.ReadAsync(http, ChurnRequestInfo, "request"));

        Assert.Contains("no body was provided", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    public async Task ReadAsync_BodyThatIsNotJsonByItsContentType_Is415(string? contentType)
    {
        var error = await Assert.ThrowsAsync<BadHttpRequestException>(async () =>
            await JsonRequestBody.ReadAsync(Post("""{"customerId": "c1"}""", contentType), ChurnRequestInfo, "request"));

        Assert.Equal(StatusCodes.Status415UnsupportedMediaType, error.StatusCode);
        Assert.Equal($"Expected a supported JSON media type but got \"{contentType}\".", error.Message);
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("Application/JSON; charset=UTF-8")]
    [InlineData("application/vnd.shop+json")]
    [InlineData("application/json; charset=utf-16")]
    public async Task ReadAsync_JsonByItsContentType_IsRead(string contentType)
    {
        var encoding = contentType.EndsWith("utf-16", StringComparison.Ordinal) ? Encoding.Unicode : Encoding.UTF8;

        var request = await JsonRequestBody.ReadAsync(Post("""{"customerId": "c1"}""", contentType, encoding), ChurnRequestInfo, "request");

        Assert.Equal("c1", request?.CustomerId);
    }

    [Fact]
    public async Task ReadAsync_BodyThatCannotBeRead_SetsItsStatusAndAnswersNothing()
    {
        var http = Post("", "application/json");
        http.Features.Set<IRequestBodyPipeFeature>(new BodyPipe(new FailingReader(new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge))));

        var request = await JsonRequestBody.ReadAsync(http, ChurnRequestInfo, "request");

        Assert.Null(request);
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, http.Response.StatusCode);
    }

    private static DefaultHttpContext Post(string body, string? contentType, Encoding? encoding = null)
    {
        var http = new DefaultHttpContext();
        http.Request.Method = HttpMethods.Post;
        http.Request.ContentType = contentType;
        http.Request.Body = new MemoryStream((encoding ?? Encoding.UTF8).GetBytes(body));
        http.Features.Set<IHttpRequestBodyDetectionFeature>(new BodyDetection(true));
        return http;
    }

    private static ReadOnlySequence<byte> Segments(params byte[][] parts)
    {
        var first = new Segment(parts[0], 0);
        var last = first;
        foreach (var part in parts.Skip(1))
        {
            last = last.Append(part);
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(byte[] bytes, long runningIndex)
        {
            Memory = bytes;
            RunningIndex = runningIndex;
        }

        public Segment Append(byte[] bytes)
        {
            var next = new Segment(bytes, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    private sealed class BodyDetection(bool canHaveBody) : IHttpRequestBodyDetectionFeature
    {
        public bool CanHaveBody => canHaveBody;
    }

    private sealed class BodyPipe(PipeReader reader) : IRequestBodyPipeFeature
    {
        public PipeReader Reader => reader;
    }

    /// <summary>A body the server stops reading (Kestrel throws <see cref="BadHttpRequestException"/> past the body size limit).</summary>
    private sealed class FailingReader(Exception error) : PipeReader
    {
        public override bool TryRead(out ReadResult result) => throw error;

        public override ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default) => ValueTask.FromException<ReadResult>(error);

        public override void AdvanceTo(SequencePosition consumed)
        {
        }

        public override void AdvanceTo(SequencePosition consumed, SequencePosition examined)
        {
        }

        public override void CancelPendingRead()
        {
        }

        public override void Complete(Exception? exception = null)
        {
        }
    }
}
