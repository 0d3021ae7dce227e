using EcommerceMl.Ml.Churn;
using EcommerceMl.Ml.Data;

namespace EcommerceMl.Ml.Tests.Churn;

public class CustomerAttributeEncoderTests
{
    private static Customer With(string id, params (string Key, string Value)[] attributes) =>
        new(id, new DateTime(2020, 1, 1), "", false) { Attributes = attributes.ToDictionary(a => a.Key, a => a.Value, StringComparer.Ordinal) };

    [Fact]
    public void Fit_KeepsNumbersNumericAndOneHotsTheRest()
    {
        var encoder = CustomerAttributeEncoder.Fit([With("a", ("SeniorCitizen", "0"), ("Contract", "Two year")), With("b", ("SeniorCitizen", "1"), ("Contract", "Month-to-month"))]);

        Assert.Equal(["Contract=Month-to-month", "Contract=Two year", "SeniorCitizen"], encoder.Names);
        Assert.Equal([1, 0, 1], encoder.Encode(With("c", ("SeniorCitizen", "1"), ("Contract", "Month-to-month"))));
    }

    [Fact]
    public void Fit_GivesANonNegativeManyValuedNumberALogTwin()
    {
        var encoder = CustomerAttributeEncoder.Fit([With("a", ("tenure", "0")), With("b", ("tenure", "3")), With("c", ("tenure", "72"))]);

        Assert.Equal(["tenure", "log1p(tenure)"], encoder.Names);
        Assert.Equal([3, Math.Log(4)], encoder.Encode(With("d", ("tenure", "3"))));
    }

    [Fact]
    public void Encode_UnseenValuesAndMissingNumbersAreZero()
    {
        var encoder = CustomerAttributeEncoder.Fit([With("a", ("TotalCharges", "29.85"), ("Contract", "Two year"))]);

        Assert.Equal([0, 0], encoder.Encode(With("b", ("Contract", "One year"))));
        Assert.Equal(["Contract=Two year", "TotalCharges"], encoder.Names);
    }

    [Fact]
    public void Fit_LeavesOutExcludedColumns()
    {
        var encoder = CustomerAttributeEncoder.Fit([With("a", ("Churn", "Yes"), ("gender", "Female"))], excluded: ["Churn"]);

        Assert.Equal(["gender=Female"], encoder.Names);
    }
}
