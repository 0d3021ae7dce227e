using System.Text.Json.Serialization;

namespace EcommerceMl.Inference.OpenInference;

// The Open Inference Protocol (KServe V2) REST shapes, named as the specification names them
// (../shared/specs/open_inference_rest.yaml): snake_case where it says so, camelCase elsewhere is the same word.

public sealed record ServerMetadataResponse(string Name, string Version, IReadOnlyList<string> Extensions);

public sealed record ModelMetadataResponse(
    string Name,
    IReadOnlyList<string> Versions,
    string Platform,
    IReadOnlyList<MetadataTensor> Inputs,
    IReadOnlyList<MetadataTensor> Outputs,
    IReadOnlyDictionary<string, string> Properties);

public sealed record MetadataTensor(string Name, string Datatype, IReadOnlyList<long> Shape);

/// <summary>The inference response as the API documents it (OpenAPI); <see cref="InferenceAnswer"/> writes these bytes directly.</summary>
public sealed record InferenceResponse(
    [property: JsonPropertyName("model_name")] string ModelName,
    [property: JsonPropertyName("model_version")] string ModelVersion,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Id,
    IReadOnlyList<ResponseOutput> Outputs);

/// <summary>An output tensor; <see cref="Data"/> is the flat, row-major element array (string[], double[], float[]).</summary>
public sealed record ResponseOutput(string Name, IReadOnlyList<long> Shape, string Datatype, object Data);

/// <summary>The protocol's error object: <c>{"error": "..."}</c>.</summary>
public sealed record ProtocolError(string Error);
