using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using EcommerceMl.Artifacts;
using EcommerceMl.Artifacts.Tests.Support;
using EcommerceMl.Operator.Local.Runtimes;
using Minio.DataModel.Args;

namespace EcommerceMl.Cli.Tests.Local.Containers;

/// <summary>
/// `ecml up --runtime containers` on the repository's examples, with the real images and the S3 test
/// server as the store: the trainer container writes a version to S3, the inference containers (one per
/// replica) load it and answer /v1/recommendations, and inside them the user is not root and the root
/// filesystem refuses writes. A trainer container killed while it uploads its version's files is retried per
/// the Job's backoffLimit and leaves no half version behind.
/// </summary>
public sealed class UpContainersTests : IClassFixture<S3rverFixture>, IDisposable
{
    private const string TrainingJobName = "shop-recommendations-1";
    private const string ModelName = "shop-recommendations";
    private readonly S3rverFixture _s3;
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-up-containers-").FullName;

    public UpContainersTests(S3rverFixture s3) => _s3 = s3;

    private string State => Path.Combine(_folder, "state");

    public void Dispose()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (UnauthorizedAccessException)
        {
            // Only as root are the containers' files (uid 1654) removable; the OS cleans temp folders.
        }
    }

    [Fact]
    public async Task UpWithContainers_TrainsTheExampleIntoS3_AndTheInferenceContainerAnswersRecommendations()
    {
        PodmanImages.Require();
        _s3.RequireServer();
        var cancellationToken = TestContext.Current.CancellationToken;
        var bucket = await NewBucketAsync();
        var examples = CopyExamples("trainingjob-shop-recommendations.yaml", "modeldeployment-shop-recommendations.yaml");
        var started = Stopwatch.StartNew();
        await using var up = Up(examples, bucket, _s3.Settings.Endpoint);

        var deployment = await LocalProcesses.EventuallyAsync(
            () => Task.FromResult(LocalProcesses.Resource(State, "modeldeployments", ModelName)),
            md => Condition(md, "Ready") == "True",
            TimeSpan.FromMinutes(6),
            md => $"not Ready: {md?["status"]?.ToJsonString()}\n{up.Output}\n{Logs()}");
        var endpoint = deployment!["status"]!["endpoint"]!.GetValue<string>();
        using var http = new HttpClient();
        var examplesResponse = await http.GetFromJsonAsync<JsonObject>(new Uri(new Uri(endpoint), "/v1/examples"), cancellationToken);
        var request = examplesResponse!["requests"]!.AsArray().Select(r => r!.GetValue<string>()).First(r => r.Contains("/v1/recommendations/", StringComparison.Ordinal));
        var path = request[request.IndexOf("/v1/recommendations/", StringComparison.Ordinal)..].Split(' ', '\'', '"')[0];
        using var answer = await http.GetAsync(new Uri(new Uri(endpoint), path), cancellationToken);
        var body = await answer.Content.ReadAsStringAsync(cancellationToken);
        Assert.True(answer.IsSuccessStatusCode, body);
        Assert.NotEmpty(JsonDocument.Parse(body).RootElement.GetProperty("recommendations").EnumerateArray());
        TestContext.Current.SendDiagnosticMessage($"ecml up --runtime containers: first recommendation answered {started.Elapsed.TotalSeconds:F1} s after start");

        // The version the trainer container wrote is in S3, and it is what the inference container serves.
        var version = Assert.Single(await StoreIn(bucket).ListVersionsAsync(ModelName, cancellationToken)).Version;
        Assert.Equal(version, deployment["status"]!["currentVersion"]!.GetValue<string>());

        // The example's replicas: 2 — each replica its own container.
        var replicas = await PodmanImages.ContainersAsync(State, $"ecml-default-{ModelName}-predictor-");
        Assert.Equal(2, replicas.Count);
        var inference = replicas[0];
        var (uidExit, uid) = await PodmanImages.RunAsync("exec", inference, "id", "-u");
        Assert.Equal(0, uidExit);
        Assert.NotEqual("0", uid.Trim());
        var (rootExit, rootError) = await PodmanImages.RunAsync("exec", inference, "touch", "/app/probe");
        Assert.NotEqual(0, rootExit);
        Assert.Contains("Read-only file system", rootError, StringComparison.Ordinal);
        Assert.Equal(0, (await PodmanImages.RunAsync("exec", inference, "touch", "/tmp/probe")).Exit);

        Assert.Equal(0, await up.StopAsync());
        Assert.Empty(await PodmanImages.ContainersAsync(State));
    }

    [Fact]
    public async Task ATrainerContainerKilledWhileUploading_IsRetriedPerBackoffLimit_AndLeavesNoHalfVersion()
    {
        PodmanImages.Require();
        _s3.RequireServer();
        var cancellationToken = TestContext.Current.CancellationToken;
        var bucket = await NewBucketAsync();
        var examples = CopyExamples("trainingjob-shop-recommendations.yaml");
        // The answer to the version's first file is held: the file is in the bucket when the trainer is killed, the manifest never is.
        await using var proxy = await StallingProxy.StartAsync(_s3.Settings.Endpoint, request =>
            request.Method == "PUT" && request.Path.Value!.Contains($"/{ModelName}/versions/", StringComparison.Ordinal)
            && !request.Path.Value.EndsWith(ModelManifest.FileName, StringComparison.Ordinal));
        await using var up = Up(examples, bucket, new Uri(proxy.Url));

        var held = await proxy.Held.WaitAsync(TimeSpan.FromMinutes(4), cancellationToken);
        var trainer = Assert.Single(await PodmanImages.ContainersAsync(State, $"ecml-default-{TrainingJobName}-"));
        var (killExit, killOutput) = await PodmanImages.RunAsync("kill", trainer);
        Assert.True(killExit == 0, killOutput);
        proxy.Release();

        var trainingJob = await LocalProcesses.EventuallyAsync(
            () => Task.FromResult(LocalProcesses.Resource(State, "trainingjobs", TrainingJobName)),
            tj => tj?["status"]?["phase"]?.GetValue<string>() is "Succeeded" or "Failed",
            TimeSpan.FromMinutes(5),
            tj => $"still running: {tj?["status"]?.ToJsonString()}\n{up.Output}\n{Logs()}");
        Assert.True(trainingJob!["status"]!["phase"]!.GetValue<string>() == "Succeeded", $"{held} was held, {trainer} killed: {trainingJob["status"]!.ToJsonString()}\n{Logs()}");
        // One Pod killed (Job failed 1), one that succeeded: within backoffLimit 2.
        Assert.Equal(2, trainingJob["status"]!["attempts"]!.GetValue<int>());

        // The killed attempt's file is in the bucket, but without a manifest it is no version.
        var versions = await StoreIn(bucket).ListVersionsAsync(ModelName, cancellationToken);
        var version = Assert.Single(versions).Version;
        var folders = await VersionFoldersAsync(bucket);
        Assert.True(folders.Count == 2 && folders.Contains(version), $"expected the served version and the killed attempt's leftovers, found {string.Join(", ", folders)}");
        Assert.Equal(version, trainingJob["status"]!["modelVersion"]!.GetValue<string>());
        Assert.NotNull(await StoreIn(bucket).LoadAsync(ModelName, version, cancellationToken));
        Assert.Equal(0, await up.StopAsync());
    }

    private UpProcess Up(string examples, string bucket, Uri s3Endpoint) => UpProcess.Start(
        ["-f", examples, "--state", State, "--store", $"s3://{bucket}/shop", "--runtime", "containers"],
        new Dictionary<string, string>
        {
            [S3Settings.EndpointVariable] = s3Endpoint.ToString().TrimEnd('/'),
            [S3Settings.AccessKeyVariable] = S3rverFixture.AccessKey,
            [S3Settings.SecretKeyVariable] = S3rverFixture.SecretKey,
        });

    private async Task<string> NewBucketAsync()
    {
        var bucket = $"containers-{Guid.NewGuid():N}"[..24];
        await _s3.Client.MakeBucketAsync(new MakeBucketArgs().WithBucket(bucket), TestContext.Current.CancellationToken);
        return bucket;
    }

    /// <summary>The version folders that have any object under the model's folder, manifest or not.</summary>
    private async Task<HashSet<string>> VersionFoldersAsync(string bucket)
    {
        var folders = new HashSet<string>(StringComparer.Ordinal);
        var marker = $"/{ModelName}/versions/";
        await foreach (var item in _s3.Client.ListObjectsEnumAsync(new ListObjectsArgs().WithBucket(bucket).WithRecursive(true), TestContext.Current.CancellationToken))
        {
            var at = item.Key.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0 && item.Key[(at + marker.Length)..].Split('/') is [var folder, _, ..])
            {
                folders.Add(folder);
            }
        }

        return folders;
    }

    private IModelStore StoreIn(string bucket) => ModelStores.Open($"s3://{bucket}/shop", _s3.Settings);

    private string CopyExamples(params string[] files)
    {
        var folder = Path.Combine(_folder, "examples");
        Directory.CreateDirectory(folder);
        foreach (var file in files)
        {
            File.Copy(Path.Combine(RepoRoot.Find(), "examples", file), Path.Combine(folder, file));
        }

        return folder;
    }

    private string Logs()
    {
        var logs = Path.Combine(State, "logs");
        return Directory.Exists(logs)
            ? string.Join('\n', Directory.GetFiles(logs).Select(f => $"--- {Path.GetFileName(f)}\n{string.Join('\n', File.ReadLines(f).TakeLast(30))}"))
            : "(no logs)";
    }

    private static string? Condition(JsonNode? resource, string type) =>
        resource?["status"]?["conditions"]?.AsArray().FirstOrDefault(c => c?["type"]?.GetValue<string>() == type)?["status"]?.GetValue<string>();
}
