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
    public TensorSpec? Input(string name)
    {
        // An index loop, not FirstOrDefault or foreach: looked up for every input of every request, and both would
        // allocate (the lambda's closure, the interface's enumerator).
        for (var i = 0; i < Inputs.Count; i++)
        {
            if (Inputs[i].Name == name)
            {
                return Inputs[i];
            }
        }

        return null;
    }

    public bool HasOutput(string name) => Outputs.Any(o => o.Name == name);

    public string DescribeInputs() => string.Join(", ", Inputs.Select(i => $"{i.Name} ({i.Datatype})"));

    public string DescribeOutputs() => string.Join(", ", Outputs.Select(o => o.Name));
}
