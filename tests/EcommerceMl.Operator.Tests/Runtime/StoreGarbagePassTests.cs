using EcommerceMl.Artifacts;
using EcommerceMl.Operator.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace EcommerceMl.Operator.Tests.Runtime;

public sealed class StoreGarbagePassTests : IDisposable
{
    private readonly DirectoryInfo _store = Directory.CreateTempSubdirectory("ecml-store-gc-pass-");

    public void Dispose() => _store.Delete(recursive: true);

    [Fact]
    public async Task APass_RemovesTheFolderOfAPublishCutShort_OnceOlderThanTheGracePeriod_AndRunsAgainEachInterval()
    {
        var leftover = Path.Combine(_store.FullName, "models", "shop-recs", "versions", "20261123T020000Z-bbbbbb");
        Directory.CreateDirectory(leftover);
        var file = Path.Combine(leftover, "model.bin");
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-3));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var pass = new StoreGarbagePass(() => new LocalModelStore(_store.FullName), clock, NullLogger.Instance, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
        using var stop = new CancellationTokenSource();

        var running = pass.RunAsync(stop.Token);
        await PollAsync(() => !File.Exists(file));
        var firstPassRemoved = !File.Exists(file);
        Directory.CreateDirectory(leftover);
        await File.WriteAllTextAsync(file, "x", TestContext.Current.CancellationToken);
        File.SetLastWriteTimeUtc(file, DateTime.UtcNow.AddHours(-3));
        clock.Advance(TimeSpan.FromHours(1));
        await PollAsync(() => !File.Exists(file));
        await stop.CancelAsync();
        await running.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);

        Assert.True(firstPassRemoved);
        Assert.False(File.Exists(file));
    }

    private static async Task PollAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!condition() && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }
    }
}
