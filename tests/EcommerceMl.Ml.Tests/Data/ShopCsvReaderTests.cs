using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Csv;

namespace EcommerceMl.Ml.Tests.Data;

public sealed class ShopCsvReaderTests : IDisposable
{
    private const string Customers = "customer_id,signup_at,country,loyalty_member\nc1,2026-01-01 10:00:00,UK,true\nc2,2026-01-02,DE,false\n";
    private const string Products = "product_id,name,category,price\np1,Mug,Kitchen,4.5\np2,\"Lamp, brass\",Lighting,30\n";
    private const string Orders = "order_id,customer_id,ordered_at\no1,c1,2026-02-01 09:30:00\no2,c2,2026-02-03T18:00:00\n";
    private const string Items = "order_id,product_id,quantity,unit_price\no1,p1,2,4.5\no1,p2,1,30\no2,p1,1,4.5\n";

    private readonly TempFolder _folder = new();

    public ShopCsvReaderTests()
    {
        _folder.Write(ShopCsvFormat.CustomersFile, Customers);
        _folder.Write(ShopCsvFormat.ProductsFile, Products);
        _folder.Write(ShopCsvFormat.OrdersFile, Orders);
        _folder.Write(ShopCsvFormat.OrderItemsFile, Items);
    }

    public void Dispose() => _folder.Dispose();

    private ShopDataValidationException Fails() =>
        Assert.Throws<ShopDataValidationException>(() => ShopCsvReader.Read(_folder.Path));

    private static void AssertError(ShopDataValidationException error, string file, int line, string fragment) =>
        Assert.Contains(error.Errors, e =>
            e.Path.EndsWith(file, StringComparison.Ordinal) && e.Line == line && e.Message.Contains(fragment, StringComparison.Ordinal));

    [Fact]
    public void Read_ValidFolder_ReadsEveryTable()
    {
        var data = ShopCsvReader.Read(_folder.Path);

        Assert.Equal(2, data.Customers.Count);
        Assert.True(data.Customers[0].LoyaltyMember);
        Assert.Equal("Lamp, brass", data.Products[1].Name);
        Assert.Equal(new DateTime(2026, 2, 3, 18, 0, 0), data.Orders[1].OrderedAt);
        Assert.Equal(3, data.OrderItems.Count);
        Assert.Empty(data.Events);
    }

    [Fact]
    public void Read_BadDate_NamesFileLineColumnValueAndFormat()
    {
        _folder.Write(ShopCsvFormat.OrdersFile, Orders + "o3,c1,2026-13-01\n");

        var error = Fails();

        var only = Assert.Single(error.Errors);
        Assert.EndsWith("orders.csv:4: ordered_at '2026-13-01' is not a date (expected yyyy-MM-dd HH:mm:ss, yyyy-MM-ddTHH:mm:ss or yyyy-MM-dd)", only.ToString(), StringComparison.Ordinal);
        Assert.Contains("orders.csv:4: ordered_at '2026-13-01'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AfterQuotedNewline_LineNumberIsPhysical()
    {
        _folder.Write(ShopCsvFormat.ProductsFile, "product_id,name,category,price\np1,\"Mug\nwith a long\ndescription\",Kitchen,4.5\np2,Lamp,Lighting,-3\n");

        var error = Fails();

        AssertError(error, "products.csv", 5, "price '-3' is negative");
    }

    [Fact]
    public void Read_HeaderColumnsInAnyOrder_AreMatchedByName()
    {
        _folder.Write(ShopCsvFormat.OrdersFile, "ordered_at,ORDER_ID,customer_id\n2026-02-01,o1,c1\n2026-02-02,o2,c2\n");

        var data = ShopCsvReader.Read(_folder.Path);

        Assert.Equal("o2", data.Orders[1].OrderId);
    }

    [Fact]
    public void Read_WrongColumnCount_IsReported()
    {
        _folder.Write(ShopCsvFormat.OrderItemsFile, Items + "o2,p2,1\n");

        AssertError(Fails(), "order_items.csv", 5, "has 3 columns, expected 4");
    }

    [Fact]
    public void Read_MissingRequiredHeaderColumn_IsReported()
    {
        _folder.Write(ShopCsvFormat.ProductsFile, "product_id,name,price\np1,Mug,4.5\n");

        AssertError(Fails(), "products.csv", 1, "header has no 'category' column");
    }

    [Fact]
    public void Read_MissingFile_IsReported()
    {
        File.Delete(Path.Combine(_folder.Path, ShopCsvFormat.OrderItemsFile));

        var error = Fails();

        Assert.Contains(error.Errors, e => e.Path.EndsWith("order_items.csv", StringComparison.Ordinal) && e.Message.Contains("not found", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_EmptyId_IsReported()
    {
        _folder.Write(ShopCsvFormat.CustomersFile, Customers + " ,2026-01-03,FR,false\n");

        AssertError(Fails(), "customers.csv", 4, "customer_id is empty");
    }

    [Theory]
    [InlineData("0", "quantity '0' is not positive")]
    [InlineData("-2", "quantity '-2' is not positive")]
    [InlineData("1.5", "quantity '1.5' is not a whole number")]
    public void Read_NonPositiveOrFractionalQuantity_IsReported(string quantity, string expected)
    {
        _folder.Write(ShopCsvFormat.OrderItemsFile, Items + $"o2,p2,{quantity},30\n");

        AssertError(Fails(), "order_items.csv", 5, expected);
    }

    [Fact]
    public void Read_NegativeUnitPrice_IsReported()
    {
        _folder.Write(ShopCsvFormat.OrderItemsFile, Items + "o2,p2,1,-0.01\n");

        AssertError(Fails(), "order_items.csv", 5, "unit_price '-0.01' is negative");
    }

    [Fact]
    public void Read_DuplicatePrimaryKey_PointsAtTheFirstRow()
    {
        _folder.Write(ShopCsvFormat.CustomersFile, Customers + "c1,2026-01-05,UK,false\n");

        AssertError(Fails(), "customers.csv", 4, "customer_id 'c1' is a duplicate (first at line 2)");
    }

    [Fact]
    public void Read_OrderItemWithUnknownOrderOrProduct_IsReported()
    {
        _folder.Write(ShopCsvFormat.OrderItemsFile, Items + "o9,p1,1,4.5\no1,p9,1,4.5\n");

        var error = Fails();

        AssertError(error, "order_items.csv", 5, "order_id 'o9' does not match any row in orders.csv");
        AssertError(error, "order_items.csv", 6, "product_id 'p9' does not match any row in products.csv");
    }

    [Fact]
    public void Read_OrderWithUnknownCustomer_IsReported()
    {
        _folder.Write(ShopCsvFormat.OrdersFile, Orders + "o3,c9,2026-02-04\n");

        AssertError(Fails(), "orders.csv", 4, "customer_id 'c9' does not match any row in customers.csv");
    }

    [Fact]
    public void Read_BadEventTypeOrUnknownEventProduct_IsReported()
    {
        _folder.Write(ShopCsvFormat.EventsFile, "customer_id,product_id,event_type,occurred_at\nc1,p1,view,2026-02-01\nc1,p1,click,2026-02-01\nc1,p7,purchase,2026-02-01\n");

        var error = Fails();

        AssertError(error, "events.csv", 3, "event_type 'click' is not an event type (expected view, add_to_cart or purchase)");
        AssertError(error, "events.csv", 4, "product_id 'p7' does not match any row in products.csv");
    }

    [Fact]
    public void Read_ManyBadRows_ListsFiftyInTheMessageAndCountsAll()
    {
        var rows = string.Concat(Enumerable.Range(0, 120).Select(i => $"x{i},c1,not-a-date\n"));
        _folder.Write(ShopCsvFormat.OrdersFile, Orders + rows);

        var error = Fails();

        Assert.Equal(120, error.Errors.Count);
        Assert.Contains("120 problems", error.Message, StringComparison.Ordinal);
        Assert.Contains("… and 70 more (120 in total)", error.Message, StringComparison.Ordinal);
        Assert.Equal(ShopDataValidationException.MaxListedInMessage + 2, error.Message.Split('\n').Length);
    }

    [Fact]
    public void Read_SkipInvalidRows_DropsAndReportsEveryBadRow()
    {
        _folder.Write(ShopCsvFormat.OrdersFile, Orders + "o3,c1,yesterday\no4,c2,2026-02-05\n");
        _folder.Write(ShopCsvFormat.OrderItemsFile, Items + "o3,p1,1,4.5\no4,p2,0,30\no4,p1,1,4.5\n");

        var result = ShopCsvReader.ReadWithReport(_folder.Path, new ShopCsvReadOptions { SkipInvalidRows = true });

        Assert.Equal(3, result.SkippedRows);
        Assert.Equal(["o1", "o2", "o4"], result.Data.Orders.Select(o => o.OrderId));
        Assert.Equal(4, result.Data.OrderItems.Count);
        Assert.Contains(result.Skipped, e => e.Line == 4 && e.Message.Contains("'yesterday' is not a date", StringComparison.Ordinal));
        Assert.Contains(result.Skipped, e => e.Line == 5 && e.Message.Contains("order_id 'o3' refers to an invalid row (orders.csv:4)", StringComparison.Ordinal));
        Assert.Contains(result.Skipped, e => e.Line == 6 && e.Message.Contains("quantity '0' is not positive", StringComparison.Ordinal));
    }

    [Fact]
    public void Read_ReferenceToARowWithWrongColumnCount_SaysTheRowWasInvalid()
    {
        _folder.Write(ShopCsvFormat.OrdersFile, Orders + "o3,c1,2026-02-04,extra\n");
        _folder.Write(ShopCsvFormat.OrderItemsFile, Items + "o3,p1,1,4.5\n");

        var error = Fails();

        AssertError(error, "orders.csv", 4, "has 4 columns, expected 3");
        AssertError(error, "order_items.csv", 5, "order_id 'o3' refers to an invalid row (orders.csv:4)");
    }

    [Fact]
    public void Read_SkipInvalidRows_StillFailsOnABrokenHeader()
    {
        _folder.Write(ShopCsvFormat.OrdersFile, "order_id,ordered_at\no1,2026-02-01\n");

        Assert.Throws<ShopDataValidationException>(() => ShopCsvReader.ReadWithReport(_folder.Path, new ShopCsvReadOptions { SkipInvalidRows = true }));
    }

    [Fact]
    public void Read_ExtraCustomerColumns_BecomeAttributes()
    {
        _folder.Write(ShopCsvFormat.CustomersFile, "customer_id,signup_at,country,loyalty_member,churned,segment,age\nc1,2026-01-01,UK,true,true,gold,41\nc2,2026-01-02,DE,false,,,\n");

        var data = ShopCsvReader.Read(_folder.Path);

        Assert.Equal("gold", data.Customers[0].Attributes["segment"]);
        Assert.Equal("41", data.Customers[0].Attributes["age"]);
        Assert.True(data.Customers[0].Churned);
        Assert.Null(data.Customers[1].Churned);
        Assert.Empty(data.Customers[1].Attributes);
    }

    [Fact]
    public void Read_ByteOrderMarkAndCrLfLineEnds_AreAccepted()
    {
        File.WriteAllText(Path.Combine(_folder.Path, ShopCsvFormat.OrdersFile), Orders.Replace("\n", "\r\n", StringComparison.Ordinal) + "o3,c1,bad\r\n", new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: true));

        var error = Fails();

        AssertError(error, "orders.csv", 4, "ordered_at 'bad' is not a date");
        Assert.Single(error.Errors);
    }

    [Fact]
    public void Read_MissingFolder_SaysWhichFolder()
    {
        var missing = Path.Combine(_folder.Path, "nope");

        var error = Assert.Throws<DirectoryNotFoundException>(() => ShopCsvReader.Read(missing));

        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }
}
