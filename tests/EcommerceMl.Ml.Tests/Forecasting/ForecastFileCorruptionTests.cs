using EcommerceMl.Ml.Forecasting;
using EcommerceMl.Ml.Forecasting.Ets;
using EcommerceMl.Ml.Training;

namespace EcommerceMl.Ml.Tests.Forecasting;

/// <summary>Seasonal-naive and ETS files cut short or corrupted anywhere are refused with a message naming the file kind.</summary>
public class ForecastFileCorruptionTests
{
    public static TheoryData<string, string> Kinds => new()
    {
        { SeasonalNaiveForecaster.AlgorithmName, "Not a valid seasonal-naive forecast model file" },
        { EtsForecaster.AlgorithmName, "Not a valid ETS forecast model file" },
    };

    private static byte[] Bytes(string algorithm)
    {
        var revenue = Enumerable.Range(0, 120).Select(i => 100.0 + (10 * (i % 7)) + (i % 3)).ToArray();
        var model = (IForecaster)new ForecastPipeline().Train(new TrainingRequest(ForecastTestData.ShopFromDailyRevenue(revenue), algorithm, new Dictionary<string, string>())).Model;
        using var file = new MemoryStream();
        model.Save(file);
        return file.ToArray();
    }

    /// <summary>Where the first scope, "shop", starts: its int32 name length, then its name.</summary>
    private static int FirstScopeAt(byte[] bytes)
    {
        var at = bytes.AsSpan().IndexOf([.. BitConverter.GetBytes(ForecastScope.Shop.Length), .. "shop"u8]);
        Assert.True(at > 0, "the first scope's name is not in the file");
        return at;
    }

    private static InvalidDataException LoadFails(string algorithm, byte[] bytes) =>
        Assert.Throws<InvalidDataException>(() => new ForecastPipeline().Load(algorithm, new MemoryStream(bytes)));

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Load_WhenCutShortAnywhere_RefusesNamingTheFileKind(string algorithm, string kind)
    {
        var bytes = Bytes(algorithm);

        for (var length = 0; length < bytes.Length; length++)
        {
            var error = LoadFails(algorithm, bytes[..length]);
            Assert.StartsWith(kind, error.Message, StringComparison.Ordinal);
            Assert.Contains("truncated", error.Message, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Load_WhenTheScopeCountIsCorrupted_RefusesNamingTheFieldAndFileKind(string algorithm, string kind)
    {
        var bytes = Bytes(algorithm);
        // The scope count is the int32 right before the first scope.
        BitConverter.GetBytes(-5).CopyTo(bytes, FirstScopeAt(bytes) - 4);

        var error = LoadFails(algorithm, bytes);

        Assert.StartsWith(kind, error.Message, StringComparison.Ordinal);
        Assert.Contains("scope count is -5", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Load_WhenAValueIsNotFinite_RefusesNamingTheFileKind(string algorithm, string kind)
    {
        var bytes = Bytes(algorithm);
        // After the scope's name: ETS has error and trend bytes, a period, then alpha; seasonal-naive its first last-season value.
        var at = FirstScopeAt(bytes) + 4 + ForecastScope.Shop.Length + (algorithm == EtsForecaster.AlgorithmName ? 2 + 4 : 0);
        BitConverter.GetBytes(double.NaN).CopyTo(bytes, at);

        var error = LoadFails(algorithm, bytes);

        Assert.StartsWith(kind, error.Message, StringComparison.Ordinal);
        Assert.Contains("not a finite number", error.Message, StringComparison.Ordinal);
    }
}
