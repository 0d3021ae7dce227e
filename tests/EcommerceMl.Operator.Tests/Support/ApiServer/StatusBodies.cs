using System.Text.Json.Nodes;

namespace EcommerceMl.Operator.Tests.Support.ApiServer;

/// <summary>The metav1.Status bodies the API server answers errors (and CR deletes) with, word for word where clients look.</summary>
internal static class StatusBodies
{
    public static ApiResult NotFound(ServedResource r, string name) =>
        Failure(404, "NotFound", $"{r.QualifiedName} \"{name}\" not found", r, name);

    public static ApiResult UnknownResource() =>
        new(404, Status("Failure", 404, "NotFound", "the server could not find the requested resource", new JsonObject()));

    public static ApiResult AlreadyExists(ServedResource r, string name) =>
        Failure(409, "AlreadyExists", $"{r.QualifiedName} \"{name}\" already exists", r, name);

    public static ApiResult Conflict(ServedResource r, string name) =>
        Failure(409, "Conflict", $"Operation cannot be fulfilled on {r.QualifiedName} \"{name}\": the object has been modified; please apply your changes to the latest version and try again", r, name);

    public static ApiResult Invalid(ServedResource r, string name, string message) =>
        Failure(422, "Invalid", $"{r.Kind}.{r.Group} \"{name}\" is invalid: {message}", r, name);

    public static ApiResult BadRequest(string message) => new(400, Status("Failure", 400, "BadRequest", message, new JsonObject()));

    public static ApiResult UnsupportedMediaType(string mediaType) =>
        new(415, Status("Failure", 415, "UnsupportedMediaType", $"the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json (got {mediaType})", new JsonObject()));

    public static JsonObject Expired(long requested) =>
        Status("Failure", 410, "Expired", $"too old resource version: {requested}", new JsonObject());

    public static ApiResult Success(ServedResource r, string name, string uid) =>
        new(200, Status("Success", null, null, null, Details(r, name, uid)));

    private static ApiResult Failure(int code, string reason, string message, ServedResource r, string name) =>
        new(code, Status("Failure", code, reason, message, Details(r, name, null)));

    private static JsonObject Details(ServedResource r, string name, string? uid)
    {
        var details = new JsonObject { ["name"] = name, ["group"] = r.Group, ["kind"] = r.Plural };
        if (uid is not null)
        {
            details["uid"] = uid;
        }

        return details;
    }

    private static JsonObject Status(string status, int? code, string? reason, string? message, JsonObject details)
    {
        var body = new JsonObject { ["kind"] = "Status", ["apiVersion"] = "v1", ["metadata"] = new JsonObject(), ["status"] = status };
        if (message is not null)
        {
            body["message"] = message;
        }

        if (reason is not null)
        {
            body["reason"] = reason;
        }

        body["details"] = details;
        if (code is not null)
        {
            body["code"] = code;
        }

        return body;
    }
}

/// <summary>An HTTP status code and a JSON body.</summary>
internal sealed record ApiResult(int Code, JsonNode Body);
