using System.CommandLine;
using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Training;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Trainer.Tests;

/// <summary>
/// In a TrainingJob's Pod, ECML_DATA holds the value of the Secret key that
/// spec.dataSource.postgres.secretRef names. Whatever the trainer prints ends in the termination
/// message, status.message and Events, so a value read from the variable is never printed (unless
/// it is a source's public name): the variable is named instead.
/// </summary>
[Collection(EnvironmentVariables.Collection)]
public sealed class SecretDataSpecTests : IDisposable
{
    private const string SecretValue = "sk_live_51HxQz8LkT2mB9vYp3Rw";

    private readonly TemporaryFolder _folder = new();
    private readonly StringWriter _output = new();
    private readonly StringWriter _error = new();
    private readonly string? _previousData = Environment.GetEnvironmentVariable("ECML_DATA");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("ECML_DATA", _previousData);
        _folder.Dispose();
    }

    private Task<int> InvokeAsync(params string[] args)
    {
        var root = new RootCommand("test");
        TrainCommand.Configure(root);
        return root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = _output, Error = _error }, TestContext.Current.CancellationToken);
    }

    private Task<int> TrainWithDataFromTheEnvironmentAsync(string data)
    {
        Environment.SetEnvironmentVariable("ECML_DATA", data);
        return InvokeAsync("--task", "recommendation", "--store", Path.Combine(_folder.Path, "store"), "--model", "recs");
    }

    [Fact]
    public async Task Invoke_WhenEcmlDataHoldsNoSource_NamesTheVariableAndNeverPrintsTheValue()
    {
        var exit = await TrainWithDataFromTheEnvironmentAsync(SecretValue);

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        var printed = _output.ToString() + _error.ToString();
        Assert.DoesNotContain(SecretValue, printed, StringComparison.Ordinal);
        Assert.Contains("error: unknown data source '$ECML_DATA'", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("the value of ECML_DATA is not shown", _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("reading data from $ECML_DATA", _output.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenEcmlDataIsAUrlWithAPasswordInItsQuery_NeverPrintsThePassword()
    {
        var exit = await TrainWithDataFromTheEnvironmentAsync($"postgres://shop@db.internal/orders?password={SecretValue}&nonsense=1");

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.DoesNotContain(SecretValue, _output.ToString() + _error.ToString(), StringComparison.Ordinal);
        Assert.Contains("query parameter 'nonsense'", _error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenEcmlDataIsAPublicName_PrintsIt()
    {
        Environment.SetEnvironmentVariable("ECML_DATA", "synthetic");

        var exit = await InvokeAsync("--task", "recommendation", "--algorithm", "no-such-algorithm", "--store", Path.Combine(_folder.Path, "store"), "--model", "recs");

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains("no algorithm 'no-such-algorithm'", _error.ToString(), StringComparison.Ordinal);
        Assert.Equal("synthetic", TrainingDataSources.Describe("synthetic", "ECML_DATA"));
    }

    [Fact]
    public async Task Invoke_WhenDataIsAnArgument_EchoesWhatTheUserTyped()
    {
        var exit = await InvokeAsync("--task", "recommendation", "--data", "no-such-shop", "--store", Path.Combine(_folder.Path, "store"), "--model", "recs");

        Assert.Equal(TrainerExitCodes.InvalidInput, exit);
        Assert.Contains("unknown data source 'no-such-shop'", _error.ToString(), StringComparison.Ordinal);
    }
}

public sealed class SecretDataSpecRunTests
{
    private const string SecretValue = "sk_live_51HxQz8LkT2mB9vYp3Rw";
    private readonly StringWriter _console = new();

    private static TrainerOptions Options(string data, string? variable) => new()
    {
        Task = "recommendation",
        Data = data,
        DataVariable = variable,
        Store = "unused",
        Model = "recs",
    };

    private Task<ModelManifest> RunAsync(TrainerOptions options, Func<string, EcommerceMl.Ml.Data.ShopDataLoadResult> load) =>
        new TrainingRun(TaskPipelines.All, load, new FakeTimeProvider(), _console).RunAsync(options, new LocalModelStore(Path.GetTempPath()), TestContext.Current.CancellationToken);

    [Fact]
    public async Task RunAsync_WhenALoaderFailureQuotesASecretSpec_RethrowsWithoutItOrTheOriginal()
    {
        var failure = await Assert.ThrowsAsync<InvalidTrainingRequestException>(() => RunAsync(Options(SecretValue, "ECML_DATA"),
            spec => throw new DirectoryNotFoundException($"no folder at '/app/{spec}'", new IOException(spec))));

        Assert.Equal("no folder at '/app/$ECML_DATA' (the value of ECML_DATA is not shown: it may come from a Secret)", failure.Message);
        Assert.Null(failure.InnerException);
        Assert.DoesNotContain(SecretValue, _console.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenAMachineryFailureQuotesASecretSpec_StaysAFailureWithoutIt()
    {
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => RunAsync(Options(SecretValue, "ECML_DATA"),
            spec => throw new InvalidOperationException($"connection to {spec} reset")));

        Assert.DoesNotContain(SecretValue, failure.ToString(), StringComparison.Ordinal);
        Assert.Contains("connection to $ECML_DATA reset", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenTheSpecWasAnArgument_LeavesItsErrorsAlone()
    {
        var original = new ArgumentException("unknown data source 'my-shop'");

        var failure = await Assert.ThrowsAsync<ArgumentException>(() => RunAsync(Options("my-shop", null), _ => throw original));

        Assert.Same(original, failure);
    }

    [Fact]
    public void ToString_ShowsEveryOption_ButTheDataSpecOnlyAsItMayBePrinted()
    {
        var fromSecret = Options(SecretValue, "ECML_DATA").ToString();
        var withPassword = Options("postgres://shop:hunter2@db/orders", null).ToString();

        Assert.DoesNotContain(SecretValue, fromSecret, StringComparison.Ordinal);
        Assert.Contains("Data = $ECML_DATA", fromSecret, StringComparison.Ordinal);
        Assert.DoesNotContain("hunter2", withPassword, StringComparison.Ordinal);
        Assert.Contains("Data = postgres://shop@db:5432/orders", withPassword, StringComparison.Ordinal);
        Assert.All(typeof(TrainerOptions).GetProperties().Select(p => p.Name), name => Assert.Contains($"{name} = ", fromSecret, StringComparison.Ordinal));
    }
}
