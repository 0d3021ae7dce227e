using System.CommandLine;
using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer;

/// <summary>
/// Error text and exit codes (<see cref="TrainerExitCodes"/>) shared by the trainer container and `ecml`:
/// input the user can fix is one <c>error:</c> line and exit 2, never a stack trace.
/// </summary>
public static class CommandLineRunner
{
    /// <summary>An exception's message for a person: without the "(Parameter 'x')" suffix ArgumentException appends.</summary>
    public static string MessageOf(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return e is ArgumentException { ParamName: { } name } argument
            ? argument.Message.Replace($" (Parameter '{name}')", string.Empty, StringComparison.Ordinal)
            : e.Message;
    }

    /// <summary>Runs a command's action; input the user can fix becomes one `error:` line and exit 2, never a stack trace.</summary>
    public static async Task<int> GuardAsync(TextWriter error, Func<Task<int>> action)
    {
        ArgumentNullException.ThrowIfNull(error);
        ArgumentNullException.ThrowIfNull(action);
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (Exception e) when (IsInvalidInput(e))
        {
            await error.WriteLineAsync($"error: {MessageOf(e)}").ConfigureAwait(false);
            return TrainerExitCodes.InvalidInput;
        }
        catch (System.Data.Common.DbException e)
        {
            // A database that is down or refuses us: worth a retry (exit 1), but said in one line.
            await error.WriteLineAsync($"error: database: {e.Message}").ConfigureAwait(false);
            return TrainerExitCodes.Failed;
        }
    }

    /// <summary>Errors the user can fix by changing the request or the data, as opposed to failures of the machinery.</summary>
    public static bool IsInvalidInput(Exception e) =>
        e is InvalidTrainingRequestException or ShopDataValidationException or ArgumentException
            or FileNotFoundException or DirectoryNotFoundException or ModelNotFoundException
            or ModelStoreConfigurationException;

    /// <summary>Parses and runs; a command line that does not parse is invalid input (exit 2), like any other.</summary>
    public static async Task<int> InvokeAsync(RootCommand root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        var parse = root.Parse(args);
        var exit = await parse.InvokeAsync().ConfigureAwait(false);
        return parse.Errors.Count > 0 ? TrainerExitCodes.InvalidInput : exit;
    }
}
