using System.CommandLine;
using EcommerceMl.Artifacts;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Trainer;

/// <summary>
/// Exit codes and error text shared by the trainer container and `ecml`: 0 done, 1 the machinery
/// failed (worth a retry), 2 the input is wrong (retrying will not help; a TrainingJob reports
/// <c>InvalidSpec</c>), 3 the version was published but missed its quality gate (a TrainingJob
/// reports <c>GateNotMet</c>).
/// </summary>
public static class CommandLineRunner
{
    public const int ExitFailed = 1;
    public const int ExitInvalidInput = 2;

    /// <summary>The model was trained and published but missed its quality gate: not a failure to retry, not servable as latest.</summary>
    public const int ExitGateNotMet = 3;

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
            return ExitInvalidInput;
        }
        catch (System.Data.Common.DbException e)
        {
            // A database that is down or refuses us: worth a retry (exit 1), but said in one line.
            await error.WriteLineAsync($"error: database: {e.Message}").ConfigureAwait(false);
            return ExitFailed;
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
        return parse.Errors.Count > 0 ? ExitInvalidInput : exit;
    }
}
