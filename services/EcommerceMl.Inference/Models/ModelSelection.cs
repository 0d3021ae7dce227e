using EcommerceMl.Ml;

namespace EcommerceMl.Inference.Models;

/// <summary>The model a request resolved to, or why none could serve it (an HTTP status and a message).</summary>
public sealed record ModelSelection<T>(ModelEntry? Entry, T? Model, SelectionFailure? Failure)
    where T : class, ITrainedModel
{
    public static ModelSelection<T> Found(ModelEntry entry, T model) => new(entry, model, null);

    public static ModelSelection<T> Fail(int statusCode, string title, string detail) =>
        new(null, null, new SelectionFailure(statusCode, title, detail));
}

public sealed record SelectionFailure(int StatusCode, string Title, string Detail);
