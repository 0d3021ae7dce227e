using EcommerceMl.Operator.Builders;
using EcommerceMl.Operator.Local.Runtimes;
using EcommerceMl.Operator.Resources.V1Alpha1;
using EcommerceMl.Operator.Tests.Support;
using k8s.Models;

namespace EcommerceMl.Operator.Tests.Local.Runtimes;

/// <summary>
/// The Pods the operator's builders write, translated into <c>podman run</c> as the kubelet would run
/// them: read-only root with only the emptyDir writable, no capabilities, the image's non-root user,
/// limits, environment by name only, and a server on its own 127.0.0.1 address.
/// </summary>
public sealed class PodmanRunCommandTests
{
    private static readonly PodHost Host = new("/state/pods/shop_recs-1-abcde", ["/state/store"], new Dictionary<string, string> { ["ecml.local/state"] = "k" });

    private static PodLaunch TrainerLaunch(Action<TrainingJobSpec>? configure = null, IReadOnlyDictionary<string, string>? environment = null)
    {
        var job = TrainingJobBuilder.Build(TestResources.TrainingJob(configure: configure), TestResources.Settings);
        var spec = job.Spec.Template.Spec;
        return new PodLaunch("shop", "recs-1-abcde", spec, spec.Containers[0], environment ?? new Dictionary<string, string> { ["ECML_TASK"] = "recommendation" }, "/logs/x.log");
    }

    private static string After(IReadOnlyList<string> arguments, string flag) => arguments[arguments.ToList().IndexOf(flag) + 1];

    private static List<string> AllAfter(IReadOnlyList<string> arguments, string flag) =>
        [.. arguments.Select((a, i) => (a, i)).Where(x => x.a == flag).Select(x => arguments[x.i + 1])];

    [Fact]
    public void TrainerPod_RunsReadOnly_WithoutCapabilities_AndOnlyTheEmptyDirAndTheTerminationFileWritable()
    {
        var run = PodmanRunCommand.For(TrainerLaunch(), "ecml-shop-recs-1-abcde", "1654:1654", Host);

        Assert.Contains("--read-only", run.Arguments);
        Assert.Contains("--read-only-tmpfs=false", run.Arguments);
        Assert.Equal("ALL", After(run.Arguments, "--cap-drop"));
        Assert.Contains("no-new-privileges", AllAfter(run.Arguments, "--security-opt"));
        Assert.Equal(
            ["/state/pods/shop_recs-1-abcde/volumes/tmp:/tmp:rw", "/state/store:/state/store:rw,U", "/state/pods/shop_recs-1-abcde/termination-log:/dev/termination-log:rw"],
            AllAfter(run.Arguments, "--volume"));
        Assert.Equal(["/state/pods/shop_recs-1-abcde/volumes/tmp"], run.EmptyDirFolders);
        Assert.Equal("host", After(run.Arguments, "--network"));
    }

    [Fact]
    public void TrainerPod_RunsTheImagesEntryPoint_AsTheImagesUser_WithItsArgs()
    {
        var launch = TrainerLaunch();
        launch.Container.Args = ["monitor"];

        var run = PodmanRunCommand.For(launch, "c", "1654:1654", Host);

        Assert.DoesNotContain("--user", run.Arguments);
        Assert.DoesNotContain("--entrypoint", run.Arguments);
        Assert.Equal([TestResources.Settings.TrainerImage, "monitor"], run.Arguments.TakeLast(2));
    }

    [Fact]
    public void RunAsUserAndGroup_AndACommand_AreTheContainers()
    {
        var launch = TrainerLaunch();
        launch.Spec.SecurityContext.RunAsUser = 2000;
        launch.Container.SecurityContext.RunAsGroup = 3000;
        launch.Container.Command = ["/bin/sh", "-c"];
        launch.Container.Args = ["id -u"];

        var run = PodmanRunCommand.For(launch, "c", "1654:1654", Host);

        Assert.Equal("2000:3000", After(run.Arguments, "--user"));
        Assert.Equal("[\"/bin/sh\",\"-c\"]", After(run.Arguments, "--entrypoint"));
        Assert.Equal([TestResources.Settings.TrainerImage, "id -u"], run.Arguments.TakeLast(2));
    }

    [Theory]
    [InlineData("", "image will run as root")]
    [InlineData("0:0", "image will run as root")]
    [InlineData("app", "non-numeric user (app)")]
    public void RunAsNonRoot_RefusesAnImageThatRunsAsRootOrCannotBeVerified(string imageUser, string expected)
    {
        var e = Assert.Throws<PodStartException>(() => PodmanRunCommand.For(TrainerLaunch(), "c", imageUser, Host));

        Assert.Equal("CreateContainerConfigError", e.Reason);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Environment_IsPassedByNameOnly_SoNoSecretValueIsOnTheCommandLine()
    {
        var launch = TrainerLaunch(environment: new Dictionary<string, string> { ["AWS_SECRET_ACCESS_KEY"] = "s3cr3t", ["ECML_TASK"] = "recommendation" });

        var run = PodmanRunCommand.For(launch, "c", "1654", Host);

        Assert.Equal(["AWS_SECRET_ACCESS_KEY", "ECML_TASK"], AllAfter(run.Arguments, "--env"));
        Assert.DoesNotContain(run.Arguments, a => a.Contains("s3cr3t", StringComparison.Ordinal));
        Assert.Equal("s3cr3t", run.Environment["AWS_SECRET_ACCESS_KEY"]);
    }

    [Fact]
    public void Resources_BecomeMemoryAndCpuLimits_AndRequestsBecomeReservationAndShares()
    {
        var launch = TrainerLaunch(spec => spec.Resources = new ResourcesSpec
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("500m"), ["memory"] = new("1Gi") },
            Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1500m"), ["memory"] = new("2Gi") },
        });

        var run = PodmanRunCommand.For(launch, "c", "1654", Host);

        Assert.Equal("2147483648", After(run.Arguments, "--memory"));
        Assert.Equal("1073741824", After(run.Arguments, "--memory-reservation"));
        Assert.Equal("1.5", After(run.Arguments, "--cpus"));
        Assert.Equal("512", After(run.Arguments, "--cpu-shares"));
    }

    [Fact]
    public void InferencePod_ListensOnItsOwnLoopbackAddress_InsteadOfTheContainerPort()
    {
        var deployment = ModelDeploymentBuilder.BuildDeployment(TestResources.ModelDeployment(), "20260101T000000Z-abcdef", TestResources.Settings);
        var spec = deployment.Spec.Template.Spec;
        var launch = new PodLaunch("shop", "shop-recs-abcde", spec, spec.Containers[0], new Dictionary<string, string> { ["ASPNETCORE_HTTP_PORTS"] = "8080", ["Ecml__Store"] = "s3://models/shop" }, "/logs/x.log");

        var run = PodmanRunCommand.For(launch, "c", "1654:1654", Host, "http://127.0.0.1:41234");

        Assert.Equal("http://127.0.0.1:41234", run.Environment["ASPNETCORE_URLS"]);
        Assert.False(run.Environment.ContainsKey("ASPNETCORE_HTTP_PORTS"));
        Assert.Contains("--read-only", run.Arguments);
        Assert.Equal(TestResources.Settings.InferenceImage, run.Arguments[^1]);
    }

    [Fact]
    public void AVolumeOtherThanEmptyDir_IsRefusedByName()
    {
        var launch = TrainerLaunch();
        launch.Spec.Volumes.Add(new V1Volume { Name = "config", ConfigMap = new V1ConfigMapVolumeSource { Name = "c" } });
        launch.Container.VolumeMounts.Add(new V1VolumeMount { Name = "config", MountPath = "/config" });

        var e = Assert.Throws<PodStartException>(() => PodmanRunCommand.For(launch, "c", "1654", Host));

        Assert.Contains("volume config", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMemoryEmptyDir_IsATmpfsOfItsSizeLimit()
    {
        var launch = TrainerLaunch();
        launch.Spec.Volumes[0].EmptyDir = new V1EmptyDirVolumeSource { Medium = "Memory", SizeLimit = new ResourceQuantity("64Mi") };

        var run = PodmanRunCommand.For(launch, "c", "1654", Host);

        Assert.Equal("type=tmpfs,destination=/tmp,tmpfs-mode=1777,tmpfs-size=67108864", After(run.Arguments, "--mount"));
        Assert.Empty(run.EmptyDirFolders);
    }
}
