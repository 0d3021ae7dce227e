// `make crds`: regenerates crds/*.yaml from the operator's resource types.
using EcommerceMl.Operator.Crds;

if (args.Length != 1 || args[0].StartsWith('-'))
{
    await Console.Error.WriteLineAsync("usage: EcommerceMl.Operator.CrdGen <output folder>   (writes one CustomResourceDefinition YAML per kind)");
    return 2;
}

foreach (var path in CrdYaml.WriteAll(args[0]))
{
    Console.WriteLine($"wrote {path}");
}

return 0;
