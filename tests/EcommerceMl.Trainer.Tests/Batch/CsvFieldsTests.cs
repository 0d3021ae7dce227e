using System.Globalization;
using EcommerceMl.Postgres;
using EcommerceMl.Trainer.Batch;

namespace EcommerceMl.Trainer.Tests.Batch;

/// <summary>CSV as readers parse it: RFC 4180 quoting only where needed, numbers that read back exactly, whatever the culture.</summary>
public sealed class CsvFieldsTests
{
    [Theory]
    [InlineData("C-001", "C-001")]
    [InlineData("a,b", "\"a,b\"")]
    [InlineData("say \"hi\"", "\"say \"\"hi\"\"\"")]
    [InlineData("two\nlines", "\"two\nlines\"")]
    public void Text_IsQuotedOnlyWhenItMustBe(string value, string expected)
    {
        using var writer = new StringWriter();

        CsvFields.Text(writer, value);

        Assert.Equal(expected, writer.ToString());
    }

    [Fact]
    public void ARow_WritesNumbersThatReadBackExactly_AndDatesAsIso()
    {
        using var writer = new StringWriter();

        CsvBatchTables.SalesForecast.WriteFields(writer, new SalesForecastRow(new DateOnly(2026, 12, 6), "category:toys", 0.1 + 0.2, -1.5e-7, 12345.678));

        Assert.Equal("2026-12-06,category:toys,0.30000000000000004,-1.5E-07,12345.678", writer.ToString());
        Assert.Equal(0.1 + 0.2, double.Parse(writer.ToString().Split(',')[2], CultureInfo.InvariantCulture));
    }

    [Fact]
    public void TheHeader_IsThePostgresTablesColumns_ModelAndVersionFirst()
    {
        Assert.Equal("model,model_version,customer_id,rank,recommended_product_id,score", CsvBatchTables.CustomerRecommendations.Header);
        Assert.Equal("model,model_version," + BatchTables.ProductRecommendations.Columns.Replace(" ", "", StringComparison.Ordinal), CsvBatchTables.ProductRecommendations.Header);
        Assert.Equal("model,model_version," + BatchTables.SalesForecast.Columns.Replace(" ", "", StringComparison.Ordinal), CsvBatchTables.SalesForecast.Header);
    }
}
