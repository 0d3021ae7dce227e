using System.Buffers;
using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Metadata;

namespace EcommerceMl.Inference.Json;

/// <summary>
/// A 200 JSON answer serialized through source-generated metadata into a per-thread reusable buffer, then sent
/// in one write with its Content-Length — no chunked encoding, no writer or buffer allocated per request. The
/// bytes are the same as <c>TypedResults.Ok(value)</c> would send; OpenAPI sees it as a 200 of <typeparamref name="T"/>.
/// </summary>
internal sealed class JsonBody<T>(T value, JsonTypeInfo<T> typeInfo) : IResult, IStatusCodeHttpResult, IValueHttpResult, IValueHttpResult<T>, IEndpointMetadataProvider
{
    public T Value => value;

    object? IValueHttpResult.Value => value;

    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext) =>
        JsonBuffers.SendAsync(httpContext, StatusCode, (value, typeInfo), static (writer, state) => JsonSerializer.Serialize(writer, state.value, state.typeInfo));

    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(T), ["application/json"]));
    }
}

/// <summary>One growing buffer and one writer per thread, reset for each answer.</summary>
internal static class JsonBuffers
{
    public const string ContentType = "application/json; charset=utf-8";

    /// <summary>The bytes <see cref="JsonBody{T}"/> would send for <paramref name="value"/>, as an array to keep.</summary>
    public static byte[] ToArray<T>(T value, JsonTypeInfo<T> typeInfo) =>
        ToArray((value, typeInfo), static (writer, state) => JsonSerializer.Serialize(writer, state.value, state.typeInfo));

    /// <summary>The bytes <see cref="SendAsync"/> would send for what <paramref name="write"/> writes, as an array to keep.</summary>
    public static byte[] ToArray<TState>(TState state, Action<Utf8JsonWriter, TState> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        var buffer = Rent();
        var writer = Writer(buffer);
        write(writer, state);
        writer.Flush();
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes the answer with <paramref name="write"/> into this thread's buffer and sends it in one write with its
    /// Content-Length. <paramref name="write"/> must not keep the writer: the next answer on this thread reuses it.
    /// </summary>
    public static Task SendAsync<TState>(HttpContext httpContext, int status, TState state, Action<Utf8JsonWriter, TState> write)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        ArgumentNullException.ThrowIfNull(write);
        var buffer = Rent();
        var writer = Writer(buffer);
        write(writer, state);
        writer.Flush();

        var response = httpContext.Response;
        response.StatusCode = status;
        response.ContentType = ContentType;
        response.ContentLength = buffer.WrittenCount;
        // Copied into the response's own pooled pipe before anything awaits, so the thread's buffer is free again.
        response.BodyWriter.Write(buffer.WrittenSpan);
        return JsonBuffers.FlushAsync(httpContext);
    }

    /// <summary>
    /// Sends what was written. Only a flush that has to wait (a client slow to read) asks for <c>RequestAborted</c>, so a
    /// request timeout's token is not made for an answer that goes out at once (<c>Hosting/RequestTimeoutMiddleware</c>).
    /// </summary>
    public static Task FlushAsync(HttpContext httpContext)
    {
        var flush = httpContext.Response.BodyWriter.FlushAsync();
        return flush.IsCompletedSuccessfully ? Task.CompletedTask : flush.AsTask().WaitAsync(httpContext.RequestAborted);
    }

    /// <summary>Buffers grown past this by a huge answer are dropped rather than kept for the thread's lifetime.</summary>
    private const int KeepAtMost = 256 * 1024;

    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    public static ArrayBufferWriter<byte> Rent()
    {
        if (_threadBuffer is null || _threadBuffer.Capacity > KeepAtMost)
        {
            _threadBuffer = new ArrayBufferWriter<byte>(4096);
            _threadWriter = null;
        }

        _threadBuffer.ResetWrittenCount();
        return _threadBuffer;
    }

    public static Utf8JsonWriter Writer(ArrayBufferWriter<byte> buffer)
    {
        if (_threadWriter is null)
        {
            _threadWriter = new Utf8JsonWriter(buffer);
        }
        else
        {
            _threadWriter.Reset(buffer);
        }

        return _threadWriter;
    }
}

internal static class JsonBody
{
    public static JsonBody<T> Ok<T>(T value, JsonTypeInfo<T> typeInfo) => new(value, typeInfo);
}
