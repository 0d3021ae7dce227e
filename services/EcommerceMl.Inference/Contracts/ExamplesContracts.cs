namespace EcommerceMl.Inference.Contracts;

/// <summary><c>GET /v1/examples</c>: curl lines that answer 200 against the loaded models.</summary>
public sealed record ExamplesResponse(IReadOnlyList<string> Requests);
