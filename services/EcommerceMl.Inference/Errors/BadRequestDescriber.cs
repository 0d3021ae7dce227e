using System.Reflection;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace EcommerceMl.Inference.Errors;

/// <summary>
/// Rewrites ASP.NET Core's binding failures (which name C# parameters and .NET types) into messages
/// a client can act on: which field, what was expected, what was sent. Pure, so it is tested alone.
/// </summary>
internal static partial class BadRequestDescriber
{
    public static string Describe(BadHttpRequestException exception, Type? requestType)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception.InnerException is JsonException json)
        {
            return DescribeJson(json, requestType);
        }

        var message = exception.Message;
        if (BindFailure().Match(message) is { Success: true } bind)
        {
            return $"{bind.Groups["name"].Value} must be {Friendly(bind.Groups["type"].Value)}; got '{bind.Groups["value"].Value}'.";
        }

        if (message.Contains("no body was provided", StringComparison.Ordinal)
            || (message.StartsWith("Required parameter", StringComparison.Ordinal) && message.Contains("from body", StringComparison.Ordinal)))
        {
            return "The request body is required: send a JSON object with Content-Type: application/json.";
        }

        if (exception.StatusCode == StatusCodes.Status415UnsupportedMediaType)
        {
            return $"{message} Send the body as JSON with Content-Type: application/json.";
        }

        if (exception.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return "The request body is too large.";
        }

        return message;
    }

    public static string DescribeJson(JsonException json, Type? requestType)
    {
        ArgumentNullException.ThrowIfNull(json);
        var where = json.Path is { Length: > 0 } path ? $" at {path}" : "";
        var position = json.LineNumber is { } line ? $" (line {line + 1}, byte {json.BytePositionInLine + 1})" : "";
        var message = json.Message;

        if (message.Contains("could not be mapped", StringComparison.Ordinal) && Quoted().Match(message) is { Success: true } unknown)
        {
            var accepted = requestType is null ? "" : $" Accepted fields: {string.Join(", ", FieldNames(requestType))}.";
            return $"Unknown field '{unknown.Groups[1].Value}' in the request body.{accepted}";
        }

        if (message.Contains("could not be converted", StringComparison.Ordinal))
        {
            var field = json.Path?.Split('.').LastOrDefault()?.TrimStart('$');
            if (string.IsNullOrEmpty(field))
            {
                return $"The request body is not valid JSON for this endpoint{position}: it must be a JSON object.";
            }

            var expected = FieldType(requestType, field) is { } type ? $": {field} must be {Friendly(type)}" : "";
            return $"Wrong type for field '{field}'{where}{position}{expected}.";
        }

        // Syntax errors: the reader's own message already says what and where, without .NET type names.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var reason = cut > 0 ? message[..cut] : message;
        return $"The request body is not valid JSON{where}{position}: {reason}";
    }

    /// <summary>The JSON fields a request type accepts: its settable properties, camelCased as on the wire.</summary>
    private static IEnumerable<string> FieldNames(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is not null)
            .Select(p => JsonNamingPolicy.CamelCase.ConvertName(p.Name));

    private static Type? FieldType(Type? type, string? field) =>
        type is null || string.IsNullOrEmpty(field)
            ? null
            : type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
                .FirstOrDefault(p => string.Equals(p.Name, field, StringComparison.OrdinalIgnoreCase))?.PropertyType;

    private static string Friendly(Type type) => Friendly((Nullable.GetUnderlyingType(type) ?? type).Name);

    private static string Friendly(string typeName) => Unwrap(typeName) switch
    {
        "int" or "Int32" or "long" or "Int64" => "a whole number",
        "double" or "Double" or "float" or "Single" or "decimal" or "Decimal" => "a number",
        "bool" or "Boolean" => "true or false",
        "string" or "String" => "a string",
        "DateOnly" => "a date (yyyy-MM-dd)",
        var other => $"a {other}",
    };

    /// <summary>"int?", "Nullable&lt;int&gt;" and "int" all mean an int to a client.</summary>
    private static string Unwrap(string typeName) =>
        typeName.StartsWith("Nullable<", StringComparison.Ordinal) && typeName.EndsWith('>')
            ? typeName["Nullable<".Length..^1]
            : typeName.TrimEnd('?');

    [GeneratedRegex("^Failed to bind parameter \"(?<type>[^\"]+) (?<name>[^\" ]+)\" from \"(?<value>.*)\"\\.$")]
    private static partial Regex BindFailure();

    [GeneratedRegex("'([^']*)'")]
    private static partial Regex Quoted();
}
