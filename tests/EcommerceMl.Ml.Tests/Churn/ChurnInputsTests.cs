using EcommerceMl.Ml.Churn;

namespace EcommerceMl.Ml.Tests.Churn;

public class ChurnInputsTests
{
    private static readonly ChurnFeatures Stored = new(10, 2, 30, 100, true)
    {
        Attributes = new Dictionary<string, string>(StringComparer.Ordinal) { ["Contract"] = "Month-to-month", ["tenure"] = "3" },
    };

    private static readonly StoredCustomers Model = new(new Dictionary<string, ChurnFeatures>(StringComparer.Ordinal) { ["c1"] = Stored }, ["Contract", "tenure"]);

    private static KeyValuePair<string, string?>[] Attributes(params (string Column, string? Value)[] values) =>
        [.. values.Select(v => KeyValuePair.Create(v.Column, v.Value))];

    [Fact]
    public void Resolve_WithoutFeatures_TakesTheKnownCustomersOwn()
    {
        Assert.Same(Stored, ChurnInputs.Resolve(Model, "c1", null, null));
    }

    [Fact]
    public void Resolve_WithoutFeaturesForAnUnknownCustomer_IsNull()
    {
        Assert.Null(ChurnInputs.Resolve(Model, "nobody", null, Attributes(("Contract", "Two year"))));
        Assert.Null(ChurnInputs.Resolve(Model, null, null, null));
    }

    [Fact]
    public void Resolve_WithFeatures_TakesThemOverAKnownCustomersOwn()
    {
        var given = new ChurnFeatures(1, 1, 1, 1, false);

        var features = ChurnInputs.Resolve(Model, "c1", given, Attributes(("Contract", "Two year")))!;

        Assert.Equal((1.0, false), (features.RecencyDays, features.LoyaltyMember));
        Assert.Equal(new Dictionary<string, string> { ["Contract"] = "Two year" }, features.Attributes);
    }

    [Fact]
    public void Resolve_LaysAttributesOverTheKnownCustomersOwn()
    {
        var features = ChurnInputs.Resolve(Model, "c1", null, Attributes(("Contract", "Two year")))!;

        Assert.Equal(new Dictionary<string, string> { ["Contract"] = "Two year", ["tenure"] = "3" }, features.Attributes);
        Assert.Equal(Stored with { Attributes = features.Attributes }, features);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    public void Resolve_WithABlankAttribute_GivesNoValueForIt(string? blank)
    {
        var known = ChurnInputs.Resolve(Model, "c1", null, Attributes(("Contract", blank), ("tenure", "70")))!;
        var given = ChurnInputs.Resolve(Model, null, new ChurnFeatures(1, 1, 1, 1, false), Attributes(("Contract", blank)))!;

        Assert.Equal(new Dictionary<string, string> { ["Contract"] = "Month-to-month", ["tenure"] = "70" }, known.Attributes);
        Assert.Empty(given.Attributes);
    }

    [Theory]
    [InlineData("Two year")]
    [InlineData("")]
    public void Resolve_WithAColumnTheModelDoesNotRead_RefusesItNamingTheColumns(string value)
    {
        var error = Assert.Throws<ArgumentException>(() => ChurnInputs.Resolve(Model, "c1", null, Attributes(("Contrat", value))));

        Assert.StartsWith("Attribute 'Contrat' is not read by this model; its columns are Contract, tenure.", error.Message, StringComparison.Ordinal);
    }

    private sealed class StoredCustomers(IReadOnlyDictionary<string, ChurnFeatures> customers, IReadOnlyList<string> columns) : IChurnModel
    {
        public string Task => ModelTask.Churn;

        public string Algorithm => "test";

        public IReadOnlyList<string> AttributeColumns => columns;

        public ChurnFeatures? FeaturesOf(string customerId) => customers.GetValueOrDefault(customerId);

        public ChurnPrediction Predict(ChurnFeatures features) => throw new NotSupportedException("the rule never predicts");

        public IReadOnlyList<string> SampleCustomers(int count) => [.. customers.Keys.Take(count)];

        public void Save(Stream stream) => throw new NotSupportedException("never saved");
    }
}
