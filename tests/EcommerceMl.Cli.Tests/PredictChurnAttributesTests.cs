using System.Globalization;
using EcommerceMl.Ml.Data.Csv;

namespace EcommerceMl.Cli.Tests;

/// <summary>
/// `ecml predict batch` for a churn model that reads the dataset's own columns (trained here by
/// `ecml train` on a telco-style customers.csv): extra CSV columns named as those columns are attributes.
/// </summary>
public sealed class PredictChurnAttributesTests : IDisposable
{
    private const string Header = "customer_id,recency_days,frequency,avg_monetary,tenure_days,loyalty_member";
    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-churn-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task PredictBatch_Churn_PassesColumnsTheModelReadsAsAttributes()
    {
        var store = await TrainedStoreAsync();
        var input = await InputAsync(
            $"{Header},Contract,tenure,MonthlyCharges",
            "risky,0,0,0,30,false,Month-to-month,1,99.5",
            "loyal,0,0,0,2000,false,Two year,70,20",
            "no-attributes,0,0,0,2000,false,,,");
        var output = Path.Combine(_folder, "out.csv");

        var (exit, console, error) = await Ecml.RunAsync("predict", "batch", "--store", store, "--model", "telco-churn", "--input", input, "--output", output);

        Assert.True(exit == 0, error);
        Assert.Contains("wrote churn predictions for 3 customers", console, StringComparison.Ordinal);
        var lines = await File.ReadAllLinesAsync(output, Ct);
        Assert.Equal("customer_id,probability,risk,next_action", lines[0]);
        var rows = lines.Skip(1).Select(l => l.Split(',')).ToDictionary(r => r[0]);
        var (risky, loyal, bare) = (Probability(rows["risky"]), Probability(rows["loyal"]), Probability(rows["no-attributes"]));
        Assert.Equal("high", rows["risky"][2]);
        Assert.Equal("Phone within a day", rows["risky"][3]);
        Assert.Equal("low", rows["loyal"][2]);
        Assert.True(risky > loyal + 0.3, $"a new month-to-month customer ({risky}) should be far likelier to churn than a two-year one ({loyal})");
        Assert.NotEqual(risky, bare);
    }

    [Theory]
    [InlineData("Contrat", "Two year", ":1: unknown column 'Contrat': this model's attribute columns are Contract, MonthlyCharges, tenure")]
    [InlineData("MonthlyCharges", "a lot", "in.csv:2: Attribute 'MonthlyCharges' is 'a lot'; the model reads it as a number")]
    public async Task PredictBatch_Churn_WithAColumnTheModelCannotRead_FailsNamingIt(string column, string value, string message)
    {
        var store = await TrainedStoreAsync();
        var input = await InputAsync($"{Header},{column}", $"c1,0,0,0,30,false,{value}");
        var output = Path.Combine(_folder, "out.csv");

        var (exit, _, error) = await Ecml.RunAsync("predict", "batch", "--store", store, "--model", "telco-churn", "--input", input, "--output", output);

        Assert.Equal(2, exit);
        Assert.Contains(message, error, StringComparison.Ordinal);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task PredictBatch_Churn_ReadsAGzippedInputWithTheCoresCsvReader()
    {
        var store = await TrainedStoreAsync();
        var plain = await InputAsync($"{Header},Contract", "c1,0,0,0,30,false,\"Month-to-month\"", "c2,0,0,0,2000,false,Two year");
        var gzipped = plain + ".gz";
        await using (var target = File.Create(gzipped))
        await using (var zip = new System.IO.Compression.GZipStream(target, System.IO.Compression.CompressionLevel.Fastest))
        await using (var source = File.OpenRead(plain))
        {
            await source.CopyToAsync(zip, Ct);
        }

        var (plainOutput, gzOutput) = (Path.Combine(_folder, "plain.csv"), Path.Combine(_folder, "gz.csv"));
        var fromPlain = await Ecml.RunAsync("predict", "batch", "--store", store, "--model", "telco-churn", "--input", plain, "--output", plainOutput);
        var fromGz = await Ecml.RunAsync("predict", "batch", "--store", store, "--model", "telco-churn", "--input", gzipped, "--output", gzOutput);

        Assert.True(fromPlain.Exit == 0, fromPlain.Error);
        Assert.True(fromGz.Exit == 0, fromGz.Error);
        Assert.Equal(await File.ReadAllLinesAsync(plainOutput, Ct), await File.ReadAllLinesAsync(gzOutput, Ct));
    }

    [Fact]
    public async Task PredictBatch_Churn_WithAColumnNamedTwice_FailsNamingIt()
    {
        var store = await TrainedStoreAsync();
        var input = await InputAsync($"{Header},Contract,Contract", "c1,0,0,0,30,false,Month-to-month,Two year");

        var (exit, _, error) = await Ecml.RunAsync("predict", "batch", "--store", store, "--model", "telco-churn", "--input", input, "--output", Path.Combine(_folder, "out.csv"));

        Assert.Equal(2, exit);
        Assert.Contains("in.csv:1: the header names column 'Contract' twice", error, StringComparison.Ordinal);
    }

    private static double Probability(string[] row) => double.Parse(row[1], CultureInfo.InvariantCulture);

    private async Task<string> InputAsync(params string[] lines)
    {
        var input = Path.Combine(_folder, "in.csv");
        await File.WriteAllLinesAsync(input, lines, Ct);
        return input;
    }

    private async Task<string> TrainedStoreAsync()
    {
        var shop = Path.Combine(_folder, "shop");
        ShopCsvWriter.Write(LabelledChurnShop.Create(), shop);
        var store = Path.Combine(_folder, "store");
        var (exit, _, error) = await Ecml.RunAsync("train", "--task", "churn", "--algorithm", "lightgbm", "--data", shop, "--store", store, "--model", "telco-churn",
            "--hp", "action_high=Phone within a day", "--hp", "risk_high=0.5", "--hp", "trees=60", "--hp", "min_leaf_rows=10");
        Assert.True(exit == 0, error);
        return store;
    }
}
