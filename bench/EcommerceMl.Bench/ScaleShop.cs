using System.Globalization;
using EcommerceMl.Ml.Data.Synthetic;
using EcommerceMl.Ml.Recommendation;

namespace EcommerceMl.Bench;

/// <summary>
/// The scale benchmark's shops: <see cref="SyntheticShop"/> (the same generator as `ecml generate`,
/// the same structure) grown to a requested catalogue and number of interactions (distinct
/// customer × product pairs). One customer per ten interactions; one category per 500 products (at
/// least 12, the generator's default); the trading window is stretched until the shop holds about
/// the requested interactions, calibrated on a pilot of the same shape with fewer customers. The
/// interaction matrix is cached in a file, so every algorithm's child process reads the same data
/// and its peak memory is the matrix and the fit, not the generator's order tables.
/// </summary>
internal static class ScaleShop
{
    private const int InteractionsPerCustomer = 10;
    private const int PilotCustomers = 20_000;
    private const int PilotDays = 365;

    public static SyntheticShopOptions Options(int products, int customers, int days) => new()
    {
        Customers = customers,
        Products = products,
        Categories = Math.Max(12, products / 500),
        Days = days,
        Events = false,
        Seed = 42,
    };

    /// <summary>The cached file of a size, generated first when missing.</summary>
    public static string Ensure(string directory, int products, int interactions)
    {
        Directory.CreateDirectory(directory);
        var path = Path.Combine(directory, string.Create(CultureInfo.InvariantCulture, $"shop-{products}-{interactions}.bin"));
        if (File.Exists(path))
        {
            return path;
        }

        var customers = Math.Max(1_000, interactions / InteractionsPerCustomer);
        var days = CalibratedDays(products, customers, interactions);
        var data = InteractionData.FromShop(SyntheticShop.Generate(Options(products, customers, days)));
        var temporary = path + ".tmp";
        using (var stream = File.Create(temporary))
        {
            InteractionFile.Write(stream, data);
        }

        File.Move(temporary, path);
        return path;
    }

    /// <summary>Days of trading that give about <paramref name="interactions"/>, from a pilot's interactions per customer-day.</summary>
    private static int CalibratedDays(int products, int customers, int interactions)
    {
        var pilotCustomers = Math.Min(customers, PilotCustomers);
        var days = PilotDays;
        for (var round = 0; round < 2; round++)
        {
            var pilot = InteractionData.FromShop(SyntheticShop.Generate(Options(products, pilotCustomers, days)));
            var perCustomer = pilot.CustomerItems.Length / (double)pilotCustomers;
            days = Math.Clamp((int)Math.Round(days * (interactions / (double)customers) / perCustomer), 7, 3_660);
        }

        return days;
    }
}

/// <summary>A cached interaction matrix: products, customers, CSR offsets, items and last-purchase ticks.</summary>
internal static class InteractionFile
{
    private const int Magic = 0x31484353; // "SCH1"

    public static void Write(Stream stream, InteractionData data)
    {
        using var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true);
        writer.Write(Magic);
        writer.Write(data.ProductCount);
        foreach (var product in data.Products)
        {
            writer.Write(product.ProductId);
            writer.Write(product.Name);
            writer.Write(product.Category);
            writer.Write(product.Price);
        }

        writer.Write(data.CustomerCount);
        foreach (var customer in data.Customers)
        {
            writer.Write(customer);
        }

        WriteArray<int>(writer, data.CustomerOffsets);
        WriteArray<int>(writer, data.CustomerItems);
        WriteArray<long>(writer, data.LastPurchasedTicks);
    }

    public static InteractionData Read(string path)
    {
        using var reader = new BinaryReader(File.OpenRead(path));
        if (reader.ReadInt32() != Magic)
        {
            throw new InvalidDataException($"{path} is not a scale-benchmark shop file.");
        }

        var products = new ProductInfo[reader.ReadInt32()];
        for (var i = 0; i < products.Length; i++)
        {
            products[i] = new ProductInfo(reader.ReadString(), reader.ReadString(), reader.ReadString(), reader.ReadDouble());
        }

        var customers = new string[reader.ReadInt32()];
        for (var u = 0; u < customers.Length; u++)
        {
            customers[u] = reader.ReadString();
        }

        return InteractionData.FromCsr(products, customers, ReadArray<int>(reader), ReadArray<int>(reader), ReadArray<long>(reader));
    }

    private static void WriteArray<T>(BinaryWriter writer, T[] values)
        where T : unmanaged
    {
        writer.Write(values.Length);
        writer.Write(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
    }

    private static T[] ReadArray<T>(BinaryReader reader)
        where T : unmanaged
    {
        var values = new T[reader.ReadInt32()];
        var bytes = System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan());
        reader.BaseStream.ReadExactly(bytes);
        return values;
    }
}
