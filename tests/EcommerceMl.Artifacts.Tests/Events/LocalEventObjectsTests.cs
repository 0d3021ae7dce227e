using EcommerceMl.Artifacts.Events;
using EcommerceMl.Contracts.Events;

namespace EcommerceMl.Artifacts.Tests.Events;

public sealed class LocalEventObjectsTests : EventSinkContractTests, IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("ecml-events-").FullName;

    protected override IEventObjects CreateObjects() => new LocalEventObjects(_root);

    [Fact]
    public async Task List_LeavesOutATempFileACrashLeftBehind()
    {
        var objects = CreateObjects();
        var path = EventSinkLayout.ObjectPath(Now, "w", 0);
        var full = Path.Combine(_root, path);
        Directory.CreateDirectory(Path.GetDirectoryName(full)!);
        await File.WriteAllBytesAsync($"{full}.0123abcd.tmp", [0x1f, 0x8b], Ct);

        Assert.Empty(await objects.ListAsync(EventSinkLayout.Root, Ct));
    }

    [Fact]
    public async Task Put_OfAnExistingName_FailsInsteadOfOverwriting()
    {
        var objects = CreateObjects();
        var path = EventSinkLayout.ObjectPath(Now, "w", 0);
        await WriteAsync(objects, Now, "w", 0, Event("first", Now));

        await Assert.ThrowsAsync<IOException>(() => objects.PutAsync(path, [1, 2, 3], Ct));

        Assert.Equal("first", Assert.Single(EventSinkReader.Decode((await objects.ReadAsync(path, Ct))!)).Id);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(Path.Combine(_root, path))!));
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}
