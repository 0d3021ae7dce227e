using System.CommandLine;
using EcommerceMl.Cli;

namespace EcommerceMl.Testing;

/// <summary>Runs `ecml` in-process with its output captured.</summary>
internal static class Ecml
{
    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await EcmlCommand.Create().Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }
}
