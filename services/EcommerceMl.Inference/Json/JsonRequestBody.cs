using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Http.Features;

namespace EcommerceMl.Inference.Json;

/// <summary>
/// A required JSON body read as minimal API binding reads a <c>[FromBody]</c> parameter — same checks, same failures,
/// same exceptions for the error handlers — but parsed where it lies when the whole body came with the headers (the
/// usual case for a prediction): no async state machines, no copy into the serializer's own buffers, and no request
/// timeout token made (<c>Hosting/RequestTimeoutMiddleware</c>). Binding's reading was about a tenth of a churn
/// request's CPU (bench/inference/README.md).
/// </summary>
/// <remarks>
/// Failures, as <c>RequestDelegateFactory</c> has them with <c>ThrowOnBadRequest</c>: a body that is not JSON by its
/// Content-Type throws a 415 <see cref="BadHttpRequestException"/>; malformed JSON throws a 400 one around the
/// <see cref="JsonException"/>; no body, or <c>null</c>, throws a 400 one saying no body was provided; an error reading
/// the body (too large, the client gone) sets the status and answers null, leaving the body to the error middleware.
/// A Content-Type other than plain <c>application/json</c> (another charset, <c>+json</c>) is read by the framework's
/// <see cref="HttpRequestJsonExtensions.ReadFromJsonAsync(HttpRequest, JsonTypeInfo, CancellationToken)"/> as binding does.
/// </remarks>
internal static class JsonRequestBody
{
    /// <summary>
    /// The body as <typeparamref name="T"/> through <paramref name="typeInfo"/> (the one binding uses: the application's
    /// JSON options), or null when reading failed and the status says why; <paramref name="parameter"/> names it in errors.
    /// </summary>
    public static ValueTask<T?> ReadAsync<T>(HttpContext http, JsonTypeInfo<T> typeInfo, string parameter)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(typeInfo);
        if (http.Features.Get<IHttpRequestBodyDetectionFeature>() is not { CanHaveBody: true })
        {
            return new(Required<T>(null, parameter));
        }

        var request = http.Request;
        if (!IsPlainJson(request.ContentType))
        {
            return request.HasJsonContentType()
                ? ReadByFrameworkAsync(http, typeInfo, parameter)
                : throw new BadHttpRequestException($"Expected a supported JSON media type but got \"{request.ContentType}\".", StatusCodes.Status415UnsupportedMediaType);
        }

        var body = request.BodyReader;
        ReadResult read;
        try
        {
            if (!body.TryRead(out read))
            {
                return ReadRestAsync(http, typeInfo, parameter);
            }
        }
        catch (BadHttpRequestException e)
        {
            return new(Failed<T>(http, e.StatusCode));
        }
        catch (IOException)
        {
            return new(Failed<T>(http, StatusCodes.Status400BadRequest));
        }

        if (read.IsCompleted)
        {
            return new(ParseAndAdvance(body, read.Buffer, typeInfo, parameter));
        }

        body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        return ReadRestAsync(http, typeInfo, parameter);
    }

    /// <summary>The body still arriving: waited for (this asks for <c>RequestAborted</c>, so the request timeout applies).</summary>
    private static async ValueTask<T?> ReadRestAsync<T>(HttpContext http, JsonTypeInfo<T> typeInfo, string parameter)
        where T : class
    {
        var body = http.Request.BodyReader;
        ReadResult read;
        try
        {
            while (true)
            {
                read = await body.ReadAsync(http.RequestAborted);
                if (read.IsCanceled)
                {
                    throw new OperationCanceledException(http.RequestAborted);
                }

                if (read.IsCompleted)
                {
                    break;
                }

                body.AdvanceTo(read.Buffer.Start, read.Buffer.End);
            }
        }
        catch (BadHttpRequestException e)
        {
            return Failed<T>(http, e.StatusCode);
        }
        catch (IOException)
        {
            return Failed<T>(http, StatusCodes.Status400BadRequest);
        }

        return ParseAndAdvance(body, read.Buffer, typeInfo, parameter);
    }

    private static async ValueTask<T?> ReadByFrameworkAsync<T>(HttpContext http, JsonTypeInfo<T> typeInfo, string parameter)
        where T : class
    {
        object? value;
        try
        {
            value = await http.Request.ReadFromJsonAsync(typeInfo, http.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            return Failed<T>(http, e.StatusCode);
        }
        catch (IOException)
        {
            return Failed<T>(http, StatusCodes.Status400BadRequest);
        }
        catch (JsonException e)
        {
            throw Malformed<T>(parameter, e);
        }

        return Required((T?)value, parameter);
    }

    private static T ParseAndAdvance<T>(PipeReader body, ReadOnlySequence<byte> buffer, JsonTypeInfo<T> typeInfo, string parameter)
        where T : class
    {
        try
        {
            return Required(Parse(buffer, typeInfo, parameter), parameter);
        }
        finally
        {
            body.AdvanceTo(buffer.End);
        }
    }

    /// <summary>The whole body, as the serializer's stream reading sees it: a UTF-8 byte order mark skipped, nothing after the value.</summary>
    internal static T? Parse<T>(ReadOnlySequence<byte> buffer, JsonTypeInfo<T> typeInfo, string parameter)
    {
        try
        {
            if (buffer.IsSingleSegment)
            {
                return JsonSerializer.Deserialize(WithoutByteOrderMark(buffer.FirstSpan), typeInfo);
            }

            var copy = ArrayPool<byte>.Shared.Rent(checked((int)buffer.Length));
            try
            {
                buffer.CopyTo(copy);
                return JsonSerializer.Deserialize(WithoutByteOrderMark(copy.AsSpan(0, (int)buffer.Length)), typeInfo);
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }
        catch (JsonException e)
        {
            throw Malformed<T>(parameter, e);
        }
    }

    private static ReadOnlySpan<byte> WithoutByteOrderMark(ReadOnlySpan<byte> json) =>
        json.StartsWith("\uFEFF"u8) ? json[3..] : json;

    /// <summary>The two Content-Types clients send; anything else goes the framework's way.</summary>
    private static bool IsPlainJson(string? contentType) =>
        string.Equals(contentType, "application/json", StringComparison.OrdinalIgnoreCase)
        || string.Equals(contentType, "application/json; charset=utf-8", StringComparison.OrdinalIgnoreCase);

    private static T Required<T>(T? value, string parameter)
        where T : class =>
        value ?? throw new BadHttpRequestException(
            $"Implicit body inferred for parameter \"{parameter}\" but no body was provided. Did you mean to use a Service instead?");

    private static BadHttpRequestException Malformed<T>(string parameter, JsonException error) =>
        new($"Failed to read parameter \"{typeof(T).Name} {parameter}\" from the request body as JSON.", error);

    private static T? Failed<T>(HttpContext http, int status)
        where T : class
    {
        http.Response.StatusCode = status;
        return null;
    }
}
