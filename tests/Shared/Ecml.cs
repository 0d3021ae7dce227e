using System.CommandLine;
using EcommerceMl.Cli;

namespace EcommerceMl.Testing;

/// <summary>Runs `ecml` in-process with its output captured.</summary>
internal static class Ecml
{
    public static Task<(int Exit, string Output, string Error)> RunAsync(params string[] args) => RunAsync(null, args);

    /// <summary>As <see cref="RunAsync(string[])"/>, reading today from <paramref name="time"/> (forecast starts).</summary>
    public static async Task<(int Exit, string Output, string Error)> RunAsync(TimeProvider? time, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await EcmlCommand.Create(time).Parse(args)
            .InvokeAsync(new InvocationConfiguration { Output = output, Error = error }, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }
}
