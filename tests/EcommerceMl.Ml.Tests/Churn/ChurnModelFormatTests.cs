using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Trees;

namespace EcommerceMl.Ml.Tests.Churn;

/// <summary>
/// The churn file's bytes are a contract with models already in stores: <see cref="Version2Files"/>
/// were written by the format-2 writer before it read through the shared <c>SafeReader</c>, and must
/// still load and re-save to the same bytes.
/// </summary>
public class ChurnModelFormatTests
{
    private static readonly Dictionary<string, string> Version2Files = new(StringComparer.Ordinal)
    {
        [LogisticChurnScorer.AlgorithmName] =
            "RUNNTENIUk4CAAAACAAAAGxvZ2lzdGljAwAAAAgAAABDb250cmFjdAICAAAADgAAAE1vbnRoLXRvLW1vbnRoCAAAAFR3byB5ZWFy"
            + "DgAAAE1vbnRobHlDaGFyZ2VzAQYAAAB0ZW51cmUACwAAAAAAAAAAAAAAAAAAAAAA4D8AAAAAAADwPwAAAAAAAPg/AAAAAAAAAEAA"
            + "AAAAAAAEQAAAAAAAAAhAAAAAAAAADEAAAAAAAAAQQAAAAAAAABJAAAAAAAAAFEALAAAAAAAAAAAAAEAAAAAAAAAAQAAAAAAAAABA"
            + "AAAAAAAAAEAAAAAAAAAAQAAAAAAAAABAAAAAAAAAAEAAAAAAAAAAQAAAAAAAAABAAAAAAAAAAEAAAAAAAAAAQAsAAAAAAAAAAADw"
            + "vwAAAAAAAAAAAAAAAAAA8D8AAAAAAADwvwAAAAAAAAAAAAAAAAAA8D8AAAAAAADwvwAAAAAAAAAAAAAAAAAA8D8AAAAAAADwvwAA"
            + "AAAAAAAAAAAAAAAA0L8CAwAAAJqZmZmZmbk/AAAAAAAA4D/NzMzMzMzsPwMAAACamZmZmZmpP5qZmZmZmdk/ZmZmZmZm7j8AAAAA"
            + "AADQPwAAAAAAAOg/BAAAAFdhaXQFAAAARW1haWwFAAAAUGhvbmUAwMmJgjncCAMAAAAIAAAAQ29udHJhY3QOAAAATW9udGhseUNo"
            + "YXJnZXMGAAAAdGVudXJlBgAAAAgAAABUd28geWVhcgQAAAAyMC41AgAAADQ4DgAAAE1vbnRoLXRvLW1vbnRoAgAAADk5AQAAADID"
            + "AAAAAgAAAGMxAABAQAAAQEEAACJCAADIQwEAAAAAAQAAAAIAAAACAAAAYzIAALRCAACAPwAAcEEAAPBCAAMAAAAEAAAABQAAAAIA"
            + "AABjMwAA8EEAAIBAAACyQQAASEMA////////////////",
        [LightGbmChurnScorer.AlgorithmName] =
            "RUNNTENIUk4CAAAACAAAAGxpZ2h0Z2JtAwAAAAgAAABDb250cmFjdAICAAAADgAAAE1vbnRoLXRvLW1vbnRoCAAAAFR3byB5ZWFy"
            + "DgAAAE1vbnRobHlDaGFyZ2VzAQYAAAB0ZW51cmUAAAAAAAAA+D+amZmZmZm5vwsAAAAAAAAAAADgvwIAAAABAAAA/////wEAAAD+"
            + "////AQAAAAAAAAABAAAAAADwQQIAAAAAAAAAAADoPwAAAAAAANC/AAAAAAAAAAAAAAAAAAAAAAEAAAAAAAAAAADAPwEAAAAAAAD0"
            + "P5qZmZmZmcm/AAAAAAAA0D8AAAAAAADoPwQAAABXYWl0BQAAAEVtYWlsBQAAAFBob25lAMDJiYI53AgDAAAACAAAAENvbnRyYWN0"
            + "DgAAAE1vbnRobHlDaGFyZ2VzBgAAAHRlbnVyZQYAAAAIAAAAVHdvIHllYXIEAAAAMjAuNQIAAAA0OA4AAABNb250aC10by1tb250"
            + "aAIAAAA5OQEAAAAyAwAAAAIAAABjMQAAQEAAAEBBAAAiQgAAyEMBAAAAAAEAAAACAAAAAgAAAGMyAAC0QgAAgD8AAHBBAADwQgAD"
            + "AAAABAAAAAUAAAACAAAAYzMAAPBBAACAQAAAskEAAEhDAP///////////////w==",
    };

    public static TheoryData<string> Algorithms => [LogisticChurnScorer.AlgorithmName, LightGbmChurnScorer.AlgorithmName];

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Save_AHandBuiltModel_WritesTheFormatVersion2Bytes(string algorithm)
    {
        Assert.Equal(Version2Files[algorithm], Convert.ToBase64String(Bytes(HandBuilt(algorithm))));
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Load_AFormatVersion2File_PredictsAsTheModelItWasWrittenFromAndSavesTheSameBytes(string algorithm)
    {
        var bytes = Convert.FromBase64String(Version2Files[algorithm]);
        var original = HandBuilt(algorithm);

        var loaded = Load(bytes, algorithm);

        Assert.Equal(bytes, Bytes(loaded));
        Assert.Equal(original.SampleCustomers(int.MaxValue), loaded.SampleCustomers(int.MaxValue));
        foreach (var id in original.SampleCustomers(int.MaxValue))
        {
            Assert.Equal(original.Predict(original.FeaturesOf(id)!), loaded.Predict(loaded.FeaturesOf(id)!));
        }
    }

    [Theory]
    [MemberData(nameof(Algorithms))]
    public void Load_WhenCutShortAnywhere_RefusesNamingTheChurnFile(string algorithm)
    {
        var bytes = Bytes(HandBuilt(algorithm));

        for (var length = 0; length < bytes.Length; length++)
        {
            var error = Assert.Throws<InvalidDataException>(() => Load(bytes[..length], algorithm));
            Assert.StartsWith("Not a valid churn model file: ", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Load_WhenACountIsCorrupt_SaysWhichCountBeforeAllocatingIt()
    {
        var bytes = Bytes(HandBuilt(LogisticChurnScorer.AlgorithmName));
        // After "ECMLCHRN", the version and the algorithm string ("logistic": length + 8 bytes) comes the attribute column count.
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, 8 + 4 + 4 + 8);

        var error = Assert.Throws<InvalidDataException>(() => Load(bytes, LogisticChurnScorer.AlgorithmName));

        Assert.Contains("attribute column count", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_WhenAStringIsNotUtf8_SaysWhichString()
    {
        var bytes = Bytes(HandBuilt(LogisticChurnScorer.AlgorithmName));
        // The first byte of the first attribute column's name (after the column count and the name's length).
        bytes[8 + 4 + 4 + 8 + 4 + 4] = 0xFF;

        var error = Assert.Throws<InvalidDataException>(() => Load(bytes, LogisticChurnScorer.AlgorithmName));

        Assert.Contains("attribute column name", error.Message, StringComparison.Ordinal);
        Assert.Contains("UTF-8", error.Message, StringComparison.Ordinal);
    }

    /// <summary>Every section of the format: all three column kinds, both scorers, both calibrators, customers with and without attributes.</summary>
    private static ChurnModel HandBuilt(string algorithm)
    {
        var featurizer = new ChurnFeaturizer(
        [
            new ChurnFeaturizer.AttributeColumn("Contract", false, ["Month-to-month", "Two year"]),
            new ChurnFeaturizer.AttributeColumn("MonthlyCharges", true, null),
            new ChurnFeaturizer.AttributeColumn("tenure", false, null),
        ]);
        var length = featurizer.Length;
        ChurnScorer scorer;
        ProbabilityCalibrator calibrator;
        if (algorithm == LogisticChurnScorer.AlgorithmName)
        {
            scorer = new LogisticChurnScorer(
                new FeatureStandardizer([.. Enumerable.Range(0, length).Select(i => i * 0.5)], [.. Enumerable.Repeat(2.0, length)]),
                new LinearLogit([.. Enumerable.Range(0, length).Select(i => (i % 3) - 1.0)], -0.25));
            calibrator = ProbabilityCalibrator.From(new IsotonicCalibration([0.1, 0.5, 0.9], [0.05, 0.4, 0.95]));
        }
        else
        {
            var trees = new TreeEnsemble(length, -0.5,
            [
                new TreeEnsemble.Tree([-1], [-2], [0], [30f], [0.75, -0.25]),
                new TreeEnsemble.Tree([], [], [], [], [0.125]),
            ]);
            scorer = new LightGbmChurnScorer(trees, 1.5, -0.1);
            calibrator = ProbabilityCalibrator.From(new PlattCalibration(1.25, -0.2));
        }

        var customers = new[]
        {
            KeyValuePair.Create("c1", new ChurnFeatures(3, 12, 40.5, 400, true)
            {
                Attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["Contract"] = "Two year", ["MonthlyCharges"] = "20.5", ["tenure"] = "48" },
            }),
            KeyValuePair.Create("c2", new ChurnFeatures(90, 1, 15, 120, false)
            {
                Attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["Contract"] = "Month-to-month", ["MonthlyCharges"] = "99", ["tenure"] = "2" },
            }),
            KeyValuePair.Create("c3", new ChurnFeatures(30, 4, 22.25, 200, false)),
        };
        return new ChurnModel(
            new ChurnClassifier(featurizer, scorer), calibrator, new ChurnRiskPolicy(0.25, 0.75, "Wait", "Email", "Phone"),
            new DateTime(2024, 3, 1), customers);
    }

    private static byte[] Bytes(ChurnModel model)
    {
        using var stream = new MemoryStream();
        model.Save(stream);
        return stream.ToArray();
    }

    private static ChurnModel Load(byte[] bytes, string algorithm) => (ChurnModel)new ChurnPipeline().Load(algorithm, new MemoryStream(bytes));
}
