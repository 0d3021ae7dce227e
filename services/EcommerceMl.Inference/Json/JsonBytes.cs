using System.Buffers;

namespace EcommerceMl.Inference.Json;

/// <summary>
/// A 200 JSON answer whose body was serialized before (<see cref="Models.AnswerCache"/>): written in one write with
/// its Content-Length, the same headers <see cref="JsonBody{T}"/> sends.
/// </summary>
internal sealed class JsonBytes(byte[] body) : IResult, IStatusCodeHttpResult
{
    public int StatusCode => StatusCodes.Status200OK;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = JsonBuffers.ContentType;
        response.ContentLength = body.Length;
        response.BodyWriter.Write(new ReadOnlySpan<byte>(body));
        return JsonBuffers.FlushAsync(httpContext);
    }
}
