namespace EcommerceMl.Ml.Data.Csv;

/// <summary>How <see cref="ShopCsvReader"/> treats bad rows.</summary>
public sealed record ShopCsvReadOptions
{
    /// <summary>
    /// False (default): any bad row makes the read fail with one <see cref="ShopDataValidationException"/>
    /// listing every problem. True: bad rows are dropped and reported in <see cref="ShopCsvReadResult.Skipped"/>.
    /// Problems with a whole file (missing file or header column) always fail the read.
    /// </summary>
    public bool SkipInvalidRows { get; init; }
}

/// <summary>The tables read, and every row that was dropped because it was invalid (only when asked to skip).</summary>
public sealed record ShopCsvReadResult(ShopData Data, IReadOnlyList<ShopDataError> Skipped, int SkippedRows);

/// <summary>
/// Reads a folder of canonical shop CSVs (<see cref="ShopCsvFormat"/>), validating every row:
/// field formats, ids, quantities and prices, duplicate keys, and references (orders → customers,
/// order_items → orders and products, events → customers and products). Tables are read in
/// dependency order, so a reference to a row that was itself invalid is reported as such.
/// </summary>
public static class ShopCsvReader
{
    public static ShopData Read(string folder) => ReadWithReport(folder).Data;

    public static ShopCsvReadResult ReadWithReport(string folder, ShopCsvReadOptions? options = null)
    {
        options ??= new ShopCsvReadOptions();
        if (!Directory.Exists(folder))
        {
            throw new DirectoryNotFoundException($"shop data folder '{folder}' does not exist (expected {ShopCsvFormat.CustomersFile}, {ShopCsvFormat.ProductsFile}, {ShopCsvFormat.OrdersFile}, {ShopCsvFormat.OrderItemsFile} and optionally {ShopCsvFormat.EventsFile})");
        }

        var fileErrors = new List<ShopDataError>();
        using var customersFile = ShopCsvTable.Open(folder, ShopCsvFormat.CustomersFile, ShopCsvFormat.CustomerColumns, optional: false, fileErrors);
        using var productsFile = ShopCsvTable.Open(folder, ShopCsvFormat.ProductsFile, ShopCsvFormat.ProductColumns, optional: false, fileErrors);
        using var ordersFile = ShopCsvTable.Open(folder, ShopCsvFormat.OrdersFile, ShopCsvFormat.OrderColumns, optional: false, fileErrors);
        using var itemsFile = ShopCsvTable.Open(folder, ShopCsvFormat.OrderItemsFile, ShopCsvFormat.OrderItemColumns, optional: false, fileErrors);
        using var eventsFile = ShopCsvTable.Open(folder, ShopCsvFormat.EventsFile, ShopCsvFormat.EventColumns, optional: true, fileErrors);
        if (fileErrors.Count > 0)
        {
            throw new ShopDataValidationException(folder, fileErrors);
        }

        var state = new ReadState();
        var customers = ReadCustomers(customersFile!, state);
        var products = ReadProducts(productsFile!, state);
        var orders = ReadOrders(ordersFile!, state);
        var items = ReadOrderItems(itemsFile!, state);
        var events = eventsFile is null ? [] : ReadEvents(eventsFile, state);

        if (state.Errors.Count > 0 && !options.SkipInvalidRows)
        {
            throw new ShopDataValidationException(folder, state.Errors);
        }

        var data = new ShopData(folder, customers, products, orders, items, events);
        return new ShopCsvReadResult(data, state.Errors, state.BadRows);
    }

    private sealed class ReadState
    {
        public List<ShopDataError> Errors { get; } = [];

        public int BadRows { get; set; }

        public Dictionary<string, int> CustomerLines { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> ProductLines { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> OrderLines { get; } = new(StringComparer.Ordinal);

        /// <summary>Ids whose rows were invalid, with their line, so references to them say why they fail.</summary>
        public Dictionary<string, int> BadCustomers { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> BadProducts { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, int> BadOrders { get; } = new(StringComparer.Ordinal);

        /// <summary>Moves the row's problems into the error list; true when the row is good.</summary>
        public bool Accept(ShopCsvTable table)
        {
            if (table.RowErrors.Count == 0)
            {
                return true;
            }

            foreach (var message in table.RowErrors)
            {
                Errors.Add(new ShopDataError(table.Path, table.Line, message));
            }

            BadRows++;
            return false;
        }
    }

    /// <summary>Reports a row that could not be split into fields, remembering its id (if any) for references to it.</summary>
    private static void RejectUnreadable(ShopCsvTable table, ReadState state, Dictionary<string, int> bad)
    {
        var id = table.IdIfPresent(0);
        state.Accept(table);
        if (id.Length > 0)
        {
            bad.TryAdd(id, table.Line);
        }
    }

    private static void CheckUnique(ShopCsvTable table, string id, string column, Dictionary<string, int> seen)
    {
        if (id.Length > 0 && seen.TryGetValue(id, out var firstLine))
        {
            table.RowErrors.Add($"{column} '{id}' is a duplicate (first at line {firstLine})");
        }
    }

    private static void CheckReference(ShopCsvTable table, string id, string column, string targetFile, Dictionary<string, int> known, Dictionary<string, int> bad)
    {
        if (id.Length == 0 || known.ContainsKey(id))
        {
            return;
        }

        table.RowErrors.Add(bad.TryGetValue(id, out var badLine)
            ? $"{column} '{id}' refers to an invalid row ({targetFile}:{badLine})"
            : $"{column} '{id}' does not match any row in {targetFile}");
    }

    private static List<Customer> ReadCustomers(ShopCsvTable table, ReadState state)
    {
        var churnedColumn = table.IndexOf(ShopCsvFormat.ChurnedColumn);
        var extraColumns = new List<int>();
        for (var i = 0; i < table.Header.Count; i++)
        {
            if (i != churnedColumn && !ShopCsvFormat.CustomerColumns.Contains(table.Header[i], StringComparer.OrdinalIgnoreCase))
            {
                extraColumns.Add(i);
            }
        }

        var rows = new List<Customer>();
        while (table.MoveNext())
        {
            if (table.IsReadable)
            {
                var id = table.Id(0);
                CheckUnique(table, id, "customer_id", state.CustomerLines);
                var customer = new Customer(id, table.Timestamp(1), table.Field(2).Trim(), table.Bool(3))
                {
                    Churned = table.OptionalBool(churnedColumn),
                    Attributes = ReadAttributes(table, extraColumns),
                };
                if (state.Accept(table))
                {
                    state.CustomerLines[id] = table.Line;
                    rows.Add(customer);
                }
                else if (id.Length > 0)
                {
                    state.BadCustomers.TryAdd(id, table.Line);
                }
            }
            else
            {
                RejectUnreadable(table, state, state.BadCustomers);
            }
        }

        return rows;
    }

    /// <summary>Extra customer (product) columns become attributes; an empty cell means the row has no such attribute.</summary>
    private static IReadOnlyDictionary<string, string> ReadAttributes(ShopCsvTable table, List<int> extraColumns)
    {
        if (extraColumns.Count == 0)
        {
            return Customer.EmptyAttributes;
        }

        var attributes = new Dictionary<string, string>(extraColumns.Count, StringComparer.Ordinal);
        foreach (var column in extraColumns)
        {
            var value = table.Raw(column);
            if (value.Length > 0)
            {
                attributes[table.Header[column]] = value;
            }
        }

        return attributes;
    }

    private static List<Product> ReadProducts(ShopCsvTable table, ReadState state)
    {
        var descriptionColumn = table.IndexOf(ShopCsvFormat.DescriptionColumn);
        var extraColumns = new List<int>();
        for (var i = 0; i < table.Header.Count; i++)
        {
            if (i != descriptionColumn && !ShopCsvFormat.ProductColumns.Contains(table.Header[i], StringComparer.OrdinalIgnoreCase))
            {
                extraColumns.Add(i);
            }
        }

        var rows = new List<Product>();
        while (table.MoveNext())
        {
            if (!table.IsReadable)
            {
                RejectUnreadable(table, state, state.BadProducts);
                continue;
            }

            var id = table.Id(0);
            CheckUnique(table, id, "product_id", state.ProductLines);
            var product = new Product(id, table.Field(1).Trim(), table.Field(2).Trim(), table.NonNegativeNumber(3))
            {
                Description = descriptionColumn >= 0 ? table.Raw(descriptionColumn).Trim() : "",
                Attributes = ReadAttributes(table, extraColumns),
            };
            if (state.Accept(table))
            {
                state.ProductLines[id] = table.Line;
                rows.Add(product);
            }
            else if (id.Length > 0)
            {
                state.BadProducts.TryAdd(id, table.Line);
            }
        }

        return rows;
    }

    private static List<Order> ReadOrders(ShopCsvTable table, ReadState state)
    {
        var rows = new List<Order>();
        while (table.MoveNext())
        {
            if (!table.IsReadable)
            {
                RejectUnreadable(table, state, state.BadOrders);
                continue;
            }

            var id = table.Id(0);
            CheckUnique(table, id, "order_id", state.OrderLines);
            var customerId = table.Id(1);
            CheckReference(table, customerId, "customer_id", ShopCsvFormat.CustomersFile, state.CustomerLines, state.BadCustomers);
            var order = new Order(id, customerId, table.Timestamp(2));
            if (state.Accept(table))
            {
                state.OrderLines[id] = table.Line;
                rows.Add(order);
            }
            else if (id.Length > 0)
            {
                state.BadOrders.TryAdd(id, table.Line);
            }
        }

        return rows;
    }

    private static List<OrderItem> ReadOrderItems(ShopCsvTable table, ReadState state)
    {
        var rows = new List<OrderItem>();
        while (table.MoveNext())
        {
            if (!table.IsReadable)
            {
                state.Accept(table);
                continue;
            }

            var orderId = table.Id(0);
            CheckReference(table, orderId, "order_id", ShopCsvFormat.OrdersFile, state.OrderLines, state.BadOrders);
            var productId = table.Id(1);
            CheckReference(table, productId, "product_id", ShopCsvFormat.ProductsFile, state.ProductLines, state.BadProducts);
            var item = new OrderItem(orderId, productId, table.PositiveInteger(2), table.NonNegativeNumber(3));
            if (state.Accept(table))
            {
                rows.Add(item);
            }
        }

        return rows;
    }

    private static List<ShopEvent> ReadEvents(ShopCsvTable table, ReadState state)
    {
        var rows = new List<ShopEvent>();
        while (table.MoveNext())
        {
            if (!table.IsReadable)
            {
                state.Accept(table);
                continue;
            }

            var customerId = table.Id(0);
            CheckReference(table, customerId, "customer_id", ShopCsvFormat.CustomersFile, state.CustomerLines, state.BadCustomers);
            var productId = table.Id(1);
            CheckReference(table, productId, "product_id", ShopCsvFormat.ProductsFile, state.ProductLines, state.BadProducts);
            var shopEvent = new ShopEvent(customerId, productId, table.EventType(2), table.Timestamp(3));
            if (state.Accept(table))
            {
                rows.Add(shopEvent);
            }
        }

        return rows;
    }
}
