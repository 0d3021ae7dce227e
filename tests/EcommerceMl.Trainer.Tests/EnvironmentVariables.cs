namespace EcommerceMl.Trainer.Tests;

/// <summary>Tests that set process environment variables (ECML_*) run alone: the environment is shared by every test.</summary>
[CollectionDefinition(Collection, DisableParallelization = true)]
public sealed class EnvironmentVariables
{
    public const string Collection = "process environment variables";
}
