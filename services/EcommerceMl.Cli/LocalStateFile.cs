using System.Text.Json.Nodes;
using EcommerceMl.Operator.Local;

namespace EcommerceMl.Cli;

/// <summary>Local mode's state as the commands that read it (`ecml get`, `ecml retrain check`) need it: the snapshot, or one line saying why there is none.</summary>
internal static class LocalStateFile
{
    /// <summary>The snapshot `ecml up` saved, or null and the problem: no state yet, or a file that is not what `ecml up` writes.</summary>
    public static (JsonObject? Snapshot, string? Problem) Read(string stateFolder)
    {
        try
        {
            return LocalState.Read(stateFolder) is { } snapshot
                ? (snapshot, null)
                : (null, $"{LocalState.PathIn(stateFolder)} does not exist: nothing has run in local mode with this state folder (start it with `ecml up -f examples/`).");
        }
        catch (InvalidDataException e)
        {
            return (null, e.Message);
        }
    }
}
