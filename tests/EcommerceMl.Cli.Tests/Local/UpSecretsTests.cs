using EcommerceMl.Operator.Local;
using Microsoft.Extensions.Logging.Abstractions;

namespace EcommerceMl.Cli.Tests.Local;

/// <summary>
/// The reproduction of issue 15: a TrainingJob whose postgres secretRef names a Secret key holding
/// something that is not a connection (here an API key put under the wrong key) must fail without
/// the value showing up in `ecml get tj -o wide`, the status or the Events: the trainer names the
/// variable, and the operator masks what it copies from the trainer.
/// </summary>
public sealed class UpSecretsTests : IDisposable
{
    private const string SecretValue = "sk_live_51HxQz8LkT2mB9vYp3Rw";

    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-up-secrets-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Up_WhenTheDataSecretHoldsNoConnection_FailsNamingTheVariable_AndNoOutputHasTheValue()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var resources = Directory.CreateDirectory(Path.Combine(_folder, "resources")).FullName;
        var state = Directory.CreateDirectory(Path.Combine(_folder, "state")).FullName;
        await File.WriteAllTextAsync(Path.Combine(state, LocalMode.SecretsFileName), $"shop-db:\n  url: {SecretValue}\n", cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(resources, "train.yaml"), """
            apiVersion: ml.ecommerce.dev/v1alpha1
            kind: TrainingJob
            metadata:
              name: recs-from-db
            spec:
              model: recs
              task: recommendation
              algorithm: popularity
              dataSource:
                postgres:
                  secretRef:
                    name: shop-db
                    key: url
              runPolicy:
                backoffLimit: 0

            """, cancellationToken);
        var output = new StringWriter();
        using var stop = new CancellationTokenSource();
        var up = Task.Run(() => LocalMode.RunAsync(
            new LocalModeOptions { ResourcePath = resources, Store = Path.Combine(_folder, "store"), StateFolder = state, Command = LocalProcesses.Ecml, Rescan = TimeSpan.FromMilliseconds(500) },
            TextWriter.Synchronized(output), NullLoggerFactory.Instance, stop.Token), CancellationToken.None);

        var failed = await LocalProcesses.EventuallyAsync(
            () => Task.FromResult(LocalProcesses.Resource(state, "trainingjobs", "recs-from-db")),
            tj => tj?["status"]?["phase"]?.GetValue<string>() is "Succeeded" or "Failed",
            TimeSpan.FromMinutes(3),
            tj => $"recs-from-db did not finish: {tj?["status"]?.ToJsonString()}\n{output}");
        await stop.CancelAsync();
        await up.WaitAsync(TimeSpan.FromMinutes(1), cancellationToken);

        Assert.Equal("Failed", failed!["status"]!["phase"]!.GetValue<string>());
        Assert.Contains("unknown data source '$ECML_DATA'", failed["status"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var (exit, wide, _) = await Ecml.RunAsync("get", "tj", "-o", "wide", "--state", state);
        Assert.Equal(0, exit);
        Assert.Contains("$ECML_DATA", wide, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretValue, wide, StringComparison.Ordinal);
        Assert.DoesNotContain(SecretValue, output.ToString(), StringComparison.Ordinal);
        var (_, json, _) = await Ecml.RunAsync("get", "tj", "-o", "json", "--state", state);
        Assert.DoesNotContain(SecretValue, json, StringComparison.Ordinal);
    }
}
