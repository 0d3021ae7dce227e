namespace EcommerceMl.Trainer.Tests;

internal sealed class TemporaryFolder : IDisposable
{
    public string Path { get; } = Directory.CreateTempSubdirectory("ecml-trainer-tests-").FullName;

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
