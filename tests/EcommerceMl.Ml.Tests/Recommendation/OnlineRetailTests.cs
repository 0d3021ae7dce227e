using System.Globalization;
using System.IO.Compression;
using System.Text;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Evaluation;

namespace EcommerceMl.Ml.Tests.Recommendation;

/// <summary>
/// Item-cosine against popularity on real transactions (UCI Online Retail, in ../shared/data):
/// the issue-7 "temporal" protocol — train up to 2011-11-08, test what customers seen in training
/// bought 2011-11-09..2011-12-09. Skips when the data folder is absent (a user's machine).
/// </summary>
public class OnlineRetailTests
{
    [Fact]
    public void ItemCosine_OnOnlineRetailTemporalSplit_BeatsPopularity()
    {
        var folder = DataFolder("online-retail");
        if (folder is null)
        {
            Assert.Skip("../shared/data/online-retail is not present; this real-data check runs only where the shared data is.");
        }

        var split = TemporalSplit.At(Load(folder), new DateTime(2011, 11, 9));

        var cosine = RecommendationEvaluator.Evaluate(Fit.ItemCosine(split.Train), split, k: 10);
        var popularity = RecommendationEvaluator.Evaluate(Fit.Popularity(split.Train), split, k: 10);

        TestContext.Current.TestOutputHelper?.WriteLine(
            $"online-retail temporal @10: item-cosine ndcg {cosine["ndcg_at_10"]:F4} recall {cosine["recall_at_10"]:F4}; "
            + $"popularity ndcg {popularity["ndcg_at_10"]:F4} recall {popularity["recall_at_10"]:F4}; users {cosine["users_evaluated"]}");
        Assert.True(cosine["users_evaluated"] > 1000);
        Assert.True(
            cosine["ndcg_at_10"] > popularity["ndcg_at_10"],
            $"item-cosine ndcg@10 {cosine["ndcg_at_10"]:F4} vs popularity {popularity["ndcg_at_10"]:F4}");
        Assert.True(cosine["coverage_at_10"] > popularity["coverage_at_10"]);
    }

    private static string? DataFolder(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EcommerceMl.sln")))
            {
                var folder = Path.Combine(dir.FullName, "..", "shared", "data", name);
                return Directory.Exists(folder) ? folder : null;
            }
        }

        return null;
    }

    /// <summary>Non-cancelled lines with quantity &gt; 0 of identified customers, as shop tables.</summary>
    private static ShopData Load(string folder)
    {
        var products = new Dictionary<string, Product>(StringComparer.Ordinal);
        var orders = new Dictionary<string, Order>(StringComparer.Ordinal);
        var items = new List<OrderItem>();
        foreach (var file in Directory.GetFiles(folder, "*.csv.gz").Order(StringComparer.Ordinal))
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(file), CompressionMode.Decompress), Encoding.UTF8);
            reader.ReadLine();
            while (reader.ReadLine() is { } line)
            {
                var f = SplitCsv(line);
                var (invoice, stockCode, description, quantity, date, price, customer) = (f[0], f[1], f[2], int.Parse(f[3], CultureInfo.InvariantCulture), f[4], double.Parse(f[5], CultureInfo.InvariantCulture), f[6]);
                if (invoice.StartsWith('C') || invoice.StartsWith('A') || quantity <= 0 || customer.Length == 0)
                {
                    continue;
                }

                products.TryAdd(stockCode, new Product(stockCode, description, "retail", price));
                orders.TryAdd(invoice, new Order(invoice, customer, DateTime.ParseExact(date, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture)));
                items.Add(new OrderItem(invoice, stockCode, quantity, price));
            }
        }

        return new ShopData("online-retail", [], [.. products.Values], [.. orders.Values], items, []);
    }

    private static List<string> SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
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
