using System.Text;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Fuzz.Harnesses;

/// <summary>
/// The canonical shop CSV reader (<see cref="ShopCsvReader"/>) on a folder of files cut from the
/// input at <see cref="Separator"/> bytes, in the order customers, products, orders, order_items,
/// events (missing files stay missing). Bad data must be a <see cref="ShopDataValidationException"/>.
/// </summary>
internal sealed class ShopCsvHarness : IHarness
{
    /// <summary>ASCII record separator: one byte, so the fuzzer moves content between files easily.</summary>
    public const byte Separator = 0x1E;

    private static readonly string[] Files =
        [ShopCsvFormat.CustomersFile, ShopCsvFormat.ProductsFile, ShopCsvFormat.OrdersFile, ShopCsvFormat.OrderItemsFile, ShopCsvFormat.EventsFile];

    private readonly string _folder = Directory.CreateTempSubdirectory("ecml-fuzz-csv-").FullName;

    public string Name => "shop-csv";

    public void Run(ReadOnlySpan<byte> input)
    {
        WriteFolder(_folder, input);
        foreach (var skipInvalidRows in new[] { false, true })
        {
            try
            {
                ShopCsvReader.ReadWithReport(_folder, new ShopCsvReadOptions { SkipInvalidRows = skipInvalidRows });
            }
            catch (ShopDataValidationException)
            {
                // The documented refusal: every problem named with its file, row and column.
            }
        }
    }

    /// <summary>Writes the files the input holds into <paramref name="folder"/>, deleting the others.</summary>
    public static void WriteFolder(string folder, ReadOnlySpan<byte> input)
    {
        var index = 0;
        foreach (var range in input.Split(Separator))
        {
            if (index == Files.Length)
            {
                break;
            }

            File.WriteAllBytes(Path.Combine(folder, Files[index++]), input[range].ToArray());
        }

        for (; index < Files.Length; index++)
        {
            File.Delete(Path.Combine(folder, Files[index]));
        }
    }

    public IEnumerable<(string Name, byte[] Bytes)> Seeds(string repositoryRoot)
    {
        foreach (var (name, options) in new[]
        {
            ("synthetic-tiny", new SyntheticShopOptions { Customers = 6, Products = 5, Categories = 2, Days = 14, Seed = 1 }),
            ("synthetic-small", new SyntheticShopOptions { Customers = 15, Products = 8, Categories = 3, Days = 30, Seed = 7 }),
        })
        {
            var folder = Directory.CreateTempSubdirectory("ecml-fuzz-seed-").FullName;
            try
            {
                ShopCsvWriter.Write(SyntheticShop.Generate(options), folder);
                var parts = Files.Select(f => Path.Combine(folder, f)).Where(File.Exists).Select(File.ReadAllBytes).ToList();
                yield return (name, [.. parts.SelectMany((p, i) => i == 0 ? p : [Separator, .. p])]);
            }
            finally
            {
                Directory.Delete(folder, recursive: true);
            }
        }

        // Edge cases a shop export really has: quoted fields with commas and quotes, CRLF, a BOM.
        yield return ("quoted-crlf-bom", Encoding.UTF8.GetBytes(
            "\uFEFFcustomer_id,signup_at,country,loyalty_member\r\n\"c,1\",2025-01-02 03:04:05,\"D\"\"E\",true\r\n\u001E" +
            "product_id,name,category,price\r\np1,\"Mug, \"\"big\"\"\",kitchen,9.5\r\n\u001E" +
            "order_id,customer_id,ordered_at\r\no1,\"c,1\",2025-02-03 04:05:06\r\n\u001E" +
            "order_id,product_id,quantity,unit_price\r\no1,p1,2,9.5\r\n"));
    }
}
