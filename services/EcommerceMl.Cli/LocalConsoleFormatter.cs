using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;

namespace EcommerceMl.Cli;

/// <summary>`ecml up`'s log lines: time, level and the message, without the category and event id a newcomer does not need.</summary>
internal sealed class LocalConsoleFormatter() : ConsoleFormatter(Name)
{
    public new const string Name = "ecml-local";

    public override void Write<TState>(in LogEntry<TState> logEntry, IExternalScopeProvider? scopeProvider, TextWriter textWriter)
    {
        var message = logEntry.Formatter(logEntry.State, logEntry.Exception);
        var level = logEntry.LogLevel switch
        {
            LogLevel.Warning => "warn",
            LogLevel.Error or LogLevel.Critical => "fail",
            _ => "info",
        };
        textWriter.WriteLine($"{DateTimeOffset.Now:HH:mm:ss} {level} {message}");
        if (logEntry.Exception is { } exception)
        {
            textWriter.WriteLine($"         {exception.GetType().Name}: {exception.Message}");
        }
    }
}
