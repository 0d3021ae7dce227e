using System.Text.Json;
using System.Text.RegularExpressions;

namespace EcommerceMl.Operator.Tests.Chart;

/// <summary>
/// The images' Dockerfiles, read as text (there is no Docker here to build them): multi-stage from
/// the SDK to a runtime image, a numeric non-root USER (what runAsNonRoot can verify), and an
/// entry point that runs the DLL the build stage publishes.
/// </summary>
public sealed partial class DockerfilesTests
{
    private static string Docker => Path.Combine(RepoRoot.Find(), "docker");

    public static TheoryData<string, string> Images => new()
    {
        { "operator.Dockerfile", "operator/EcommerceMl.Operator/EcommerceMl.Operator.csproj" },
        { "trainer.Dockerfile", "services/EcommerceMl.Trainer/EcommerceMl.Trainer.csproj" },
        { "inference.Dockerfile", "services/EcommerceMl.Inference/EcommerceMl.Inference.csproj" },
    };

    private sealed record Instruction(string Keyword, string Arguments);

    /// <summary>Instructions with continuation lines joined and comments dropped.</summary>
    private static List<Instruction> Parse(string file)
    {
        var text = string.Join('\n', File.ReadAllLines(Path.Combine(Docker, file)).Where(l => !l.TrimStart().StartsWith('#')));
        return [.. text.Replace("\\\n", " ", StringComparison.Ordinal).Split('\n')
            .Select(l => l.Trim()).Where(l => l.Length > 0)
            .Select(l => l.Split(' ', 2)).Select(p => new Instruction(p[0].ToUpperInvariant(), p.Length > 1 ? p[1].Trim() : ""))];
    }

    private static List<Instruction> FinalStage(List<Instruction> instructions) =>
        instructions[instructions.FindLastIndex(i => i.Keyword == "FROM")..];

    /// <summary>The FROM lines with the build arguments' defaults in place: what a plain <c>docker build</c> uses.</summary>
    private static List<string> DefaultFroms(List<Instruction> instructions)
    {
        var defaults = instructions.TakeWhile(i => i.Keyword != "FROM").Where(i => i.Keyword == "ARG" && i.Arguments.Contains('=', StringComparison.Ordinal))
            .Select(i => i.Arguments.Split('=', 2)).ToDictionary(p => p[0], p => p[1], StringComparer.Ordinal);
        return [.. instructions.Where(i => i.Keyword == "FROM").Select(i => BuildArgument().Replace(i.Arguments, m => defaults.GetValueOrDefault(m.Groups["name"].Value, m.Value)))];
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_BuildsWithTheSdk_AndShipsOnlyARuntimeImage(string file, string project)
    {
        var instructions = Parse(file);
        var froms = DefaultFroms(instructions);
        var final = FinalStage(instructions);

        Assert.True(froms.Count >= 2, $"{file}: expected a build stage and a final stage, found {froms.Count} FROM");
        Assert.Matches("^mcr.microsoft.com/dotnet/sdk:10\\.0 AS build$", froms[0]);
        Assert.Matches("^mcr.microsoft.com/dotnet/(aspnet|runtime|runtime-deps):10\\.0( AS \\w+)?$", froms[^1]);
        Assert.Contains(instructions, i => i.Keyword == "RUN" && i.Arguments.StartsWith($"dotnet publish {project} ", StringComparison.Ordinal));
        Assert.Contains(final, i => i.Keyword == "COPY" && i.Arguments.StartsWith("--from=build /app", StringComparison.Ordinal));
        Assert.True(File.Exists(Path.Combine(RepoRoot.Find(), project)), $"{file} publishes {project}, which does not exist");
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_RunsAsANumericNonRootUser_AfterEveryRootStep(string file, string project)
    {
        var final = FinalStage(Parse(file));
        var users = final.Select((i, index) => (i, index)).Where(x => x.i.Keyword == "USER").ToList();

        var (user, at) = Assert.Single(users);
        var match = NumericUser().Match(user.Arguments);
        Assert.True(match.Success, $"{file}: USER '{user.Arguments}' is not numeric uid[:gid]; Kubernetes cannot verify runAsNonRoot for a name");
        Assert.NotEqual("0", match.Groups["uid"].Value);
        Assert.DoesNotContain(final.Skip(at), i => i.Keyword is "RUN" or "COPY" or "ADD");
        Assert.NotEmpty(project);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_EntryPoint_RunsThePublishedAssembly(string file, string project)
    {
        var entryPoint = Assert.Single(FinalStage(Parse(file)), i => i.Keyword == "ENTRYPOINT");
        var command = JsonSerializer.Deserialize<string[]>(entryPoint.Arguments);

        Assert.Equal(["dotnet", Path.GetFileNameWithoutExtension(project) + ".dll"], command!);
    }

    [Theory]
    [MemberData(nameof(Images))]
    public void Dockerfile_BaseImages_AreBuildArguments_SoAMachineWithoutARegistryCanUseLocalOnes(string file, string project)
    {
        var froms = Parse(file).Where(i => i.Keyword == "FROM").Select(i => i.Arguments).ToList();

        Assert.Equal(["${SDK_IMAGE} AS build", "${RUNTIME_IMAGE} AS final"], froms);
        Assert.NotEmpty(project);
    }

    [Fact]
    public void OperatorImageUser_IsTheChartsRunAsUser()
    {
        var user = Assert.Single(FinalStage(Parse("operator.Dockerfile")), i => i.Keyword == "USER").Arguments;
        var deployment = File.ReadAllText(Path.Combine(Helm.ChartFolder, "templates", "operator-deployment.yaml"));

        Assert.Contains($"(dict \"uid\" {NumericUser().Match(user).Groups["uid"].Value})", deployment, StringComparison.Ordinal);
    }

    [Fact]
    public void DockerIgnore_KeepsBuildOutputAndToolsOutOfTheContext()
    {
        var ignored = File.ReadAllLines(Path.Combine(RepoRoot.Find(), ".dockerignore")).Select(l => l.Trim()).ToHashSet();

        Assert.Superset(new HashSet<string> { "**/bin/", "**/obj/", ".git/", ".tools/" }, ignored);
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Z_]+)\}")]
    private static partial Regex BuildArgument();

    [GeneratedRegex("^(?<uid>[0-9]+)(:[0-9]+)?$")]
    private static partial Regex NumericUser();
}
