namespace EcommerceMl.Inference.OpenInference;

/// <summary>
/// One named tensor a task reads or writes. <see cref="Shape"/> uses -1 for a dimension the request
/// decides (the batch, k, the horizon); <see cref="Accepts"/> lists the datatypes a request may send.
/// </summary>
internal sealed record TensorSpec(string Name, string Datatype, IReadOnlyList<long> Shape, IReadOnlySet<string> Accepts, bool Scalar = false)
{
    public MetadataTensor ToMetadata() => new(Name, Datatype, Shape);
}

/// <summary>The named inputs and outputs of one task's models, as model metadata reports them.</summary>
internal sealed record ModelSignature(IReadOnlyList<TensorSpec> Inputs, IReadOnlyList<TensorSpec> Outputs)
{
    public TensorSpec? Input(string name) => Inputs.FirstOrDefault(i => i.Name == name);

    public bool HasOutput(string name) => Outputs.Any(o => o.Name == name);

    public string DescribeInputs() => string.Join(", ", Inputs.Select(i => $"{i.Name} ({i.Datatype})"));

    public string DescribeOutputs() => string.Join(", ", Outputs.Select(o => o.Name));
}
