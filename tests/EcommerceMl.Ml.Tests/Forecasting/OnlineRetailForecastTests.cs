using System.Globalization;
using System.IO.Compression;
using System.Text;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Forecasting;

/// <summary>
/// Seasonal naive on the real UCI Online Retail data against the reference figures in its README
/// (../shared/data/online-retail/README.md: daily revenue, last 28 days held out, MASE 1.376,
/// sMAPE 0.215). The file is read here with a minimal parser rather than the project's loader, so
/// this checks the pipeline and metrics independently of it.
/// </summary>
public class OnlineRetailForecastTests
{
    [Fact]
    public void SeasonalNaive_OnOnlineRetailRevenue_MatchesTheReferenceFigures()
    {
        var folder = DataFolder();
        if (folder is null)
        {
            Assert.Skip("../shared/data/online-retail is absent (it is never copied into the repository); this test needs it.");
        }

        var shop = ReadShop(folder);
        var outcome = new ForecastPipeline().Train(new TrainingRequest(shop, "seasonal-naive", new Dictionary<string, string>()));

        Assert.Equal(1.376, outcome.Metrics["mase"], tolerance: 0.0005);
        Assert.Equal(0.215, outcome.Metrics["smape"], tolerance: 0.0005);
        Assert.Equal(new DateTime(2011, 11, 12), outcome.EvaluationCutoff);
        var model = (IForecaster)outcome.Model;
        Assert.Equal(new DateOnly(2011, 12, 9), model.LastObservedDate);
        Assert.True(model.Scopes.Count(s => s.StartsWith("product:", StringComparison.Ordinal)) > 1000);
    }

    private static string? DataFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcommerceMl.sln")))
            {
                var folder = Path.Combine(dir.FullName, "..", "shared", "data", "online-retail");
                return Directory.Exists(folder) ? folder : null;
            }
        }

        return null;
    }

    /// <summary>Sales lines as the README's reference counts them: not a cancellation, quantity and price positive.</summary>
    private static ShopData ReadShop(string folder)
    {
        var orders = new Dictionary<string, Order>(StringComparer.Ordinal);
        var items = new List<OrderItem>();
        foreach (var file in Directory.GetFiles(folder, "online_retail_*.csv.gz").Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress), Encoding.UTF8);
            reader.ReadLine();
            while (reader.ReadLine() is { } line)
            {
                var f = SplitCsv(line);
                var quantity = int.Parse(f[3], CultureInfo.InvariantCulture);
                var price = double.Parse(f[5], CultureInfo.InvariantCulture);
                if (f[0].StartsWith('C') || quantity <= 0 || price <= 0)
                {
                    continue;
                }

                if (!orders.ContainsKey(f[0]))
                {
                    var at = DateTime.ParseExact(f[4], "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture);
                    orders[f[0]] = new Order(f[0], f[6].Length == 0 ? "guest" : f[6], at);
                }

                items.Add(new OrderItem(f[0], f[1], quantity, price));
            }
        }

        return new ShopData("online-retail", [], [], [.. orders.Values], items, []);
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"')
                {
                    field.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    field.Append(c);
                }
            }
            else if (c == '"')
            {
                quoted = true;
            }
            else if (c == ',')
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return fields;
    }
}
