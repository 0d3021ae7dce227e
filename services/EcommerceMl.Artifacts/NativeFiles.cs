using System.Runtime.InteropServices;

namespace EcommerceMl.Artifacts;

/// <summary>
/// The two POSIX calls .NET does not expose: <c>link(2)</c>, which creates a name only if it does not exist
/// (atomically: .NET's <see cref="File.Move(string, string, bool)"/> without overwrite checks, then renames,
/// so two racing writers can both "win"), and <c>fsync(2)</c> on a directory, which makes the names created
/// in it survive a crash. Linux only; elsewhere the portable fallbacks are used.
/// </summary>
internal static partial class NativeFiles
{
    private const int EEXIST = 17;

    /// <summary>Errors of link(2) that mean "this file system has no hard links", not "the name exists".</summary>
    private static readonly HashSet<int> NoHardLinks = [1 /* EPERM */, 18 /* EXDEV */, 31 /* EMLINK */, 38 /* ENOSYS */, 95 /* ENOTSUP */];

    /// <summary>Gives <paramref name="source"/>'s file the name <paramref name="destination"/> unless that exists (false then); the source name is removed either way by the caller.</summary>
    public static bool TryLinkNoReplace(string source, string destination)
    {
        if (OperatingSystem.IsLinux())
        {
            if (Link(source, destination) == 0)
            {
                return true;
            }

            var errno = Marshal.GetLastPInvokeError();
            if (errno == EEXIST)
            {
                return false;
            }

            if (!NoHardLinks.Contains(errno))
            {
                throw new IOException($"Could not create {destination}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
            }
        }

        // Windows: MoveFileEx without REPLACE_EXISTING is atomic. A Unix file system without hard links: a copy
        // created with O_EXCL still lets only one writer create the name, though a reader may see it partly written.
        try
        {
            if (OperatingSystem.IsWindows())
            {
                File.Move(source, destination, overwrite: false);
            }
            else
            {
                File.Copy(source, destination, overwrite: false);
            }

            return true;
        }
        catch (IOException) when (File.Exists(destination))
        {
            return false;
        }
    }

    /// <summary>fsync(2) of a folder, so the entries created in it are on disk; a no-op where folders cannot be opened (not Linux).</summary>
    public static void SyncFolder(string folder)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        var fd = Open(folder, 0 /* O_RDONLY */);
        if (fd < 0)
        {
            var errno = Marshal.GetLastPInvokeError();
            throw new IOException($"Could not open folder {folder} to sync it: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                var errno = Marshal.GetLastPInvokeError();
                throw new IOException($"Could not sync folder {folder}: {Marshal.GetPInvokeErrorMessage(errno)} (errno {errno}).");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "link", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Link(string oldPath, string newPath);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int fd);
}
