namespace EcommerceMl.Ml.Data.Synthetic;

/// <summary>What the generator decided but the tables do not say: for tests and demos, never for training.</summary>
/// <param name="End">First instant after the trading window.</param>
/// <param name="ChurnDates">For each churner, the moment after which they never order again.</param>
/// <param name="PreferredCategories">Each customer's main category.</param>
public sealed record SyntheticShopTruth(
    DateTime End,
    IReadOnlyDictionary<string, DateTime> ChurnDates,
    IReadOnlyDictionary<string, string> PreferredCategories);

public sealed record SyntheticShopResult(ShopData Data, SyntheticShopTruth Truth);

/// <summary>
/// A seeded synthetic shop with the structure real shops have (see Data/README.md): Zipf-like
/// product popularity, customers with preferred categories whose baskets mix related categories,
/// personal purchase rates (so some buy often, many rarely), weekend and December lifts, new
/// sign-ups over time, and churners whose buying fades and then stops. Events are consistent with
/// orders: every purchase line has a view, an add-to-cart and a purchase event, plus browsing that
/// did not end in a purchase. Same options → identical tables, on any machine.
/// </summary>
public static class SyntheticShop
{
    public const string SourceName = TrainerVariables.SyntheticData;

    private const double FirstOrderEarliestDays = 1;
    private const double MinimumTenureBeforeChurnDays = 30;
    private const double RateSpread = 0.9;
    private const double ExtraBasketItemsMean = 1.2;
    private const int MaxBasketItems = 10;
    private const double AffineCategoryShare = 0.6;
    private const double RepeatProductShare = 0.15;
    private const double BrowsedProductsMean = 1.5;
    private const double AbandonedCartShare = 0.25;

    // Relative order volume by hour of day, 07:00 … 23:00: a morning rise and an evening peak.
    private static readonly double[] HourCumulative =
        SeededRandom.Cumulative([1, 2, 3, 3, 3, 4, 4, 3, 3, 3, 4, 5, 6, 7, 7, 5, 3]);

    public static ShopData Generate(SyntheticShopOptions? options = null) => GenerateWithTruth(options).Data;

    public static SyntheticShopResult GenerateWithTruth(SyntheticShopOptions? options = null)
    {
        options ??= new SyntheticShopOptions();
        options.Validate();
        var random = new SeededRandom(options.Seed);
        var catalog = SyntheticCatalog.Create(options, random);
        var start = options.StartDate.Date;
        var end = start.AddDays(options.Days);
        var plans = PlanCustomers(options, catalog, random, start, end);

        var seasonal = SeasonalMultipliers(options, start);
        var orders = new List<PlannedOrder>();
        var lines = new List<(int Product, int Quantity)>();
        var events = new List<PlannedEvent>();
        var history = new List<int>();
        for (var c = 0; c < plans.Length; c++)
        {
            history.Clear();
            PlanOrders(options, catalog, random, plans[c], c, start, end, seasonal, orders, lines, events, history);
        }

        return Assemble(catalog, plans, orders, lines, events, end, options.SearchSessions ? new SyntheticSearchOptions(options.Seed) : null);
    }

    private sealed record CustomerPlan(DateTime SignupAt, string Country, bool Loyal, double Rate, DateTime? ChurnAt, int PrimaryCategory, double[] CategoryCumulative)
    {
        public string Id { get; set; } = "";
    }

    private readonly record struct PlannedOrder(DateTime At, int Customer, int FirstLine, int LineCount);

    private readonly record struct PlannedEvent(DateTime At, int Customer, int Product, ShopEventType Type, int Sequence);

    private static CustomerPlan[] PlanCustomers(SyntheticShopOptions options, SyntheticCatalog catalog, SeededRandom random, DateTime start, DateTime end)
    {
        var categories = catalog.CategoryNames.Length;
        var categoryPopularity = new double[categories];
        for (var k = 0; k < categories; k++)
        {
            categoryPopularity[k] = 1.0 / Math.Sqrt(random.Next(categories) + 1);
        }

        var popularityCumulative = SeededRandom.Cumulative(categoryPopularity);
        var countryCumulative = SeededRandom.Cumulative(Array.ConvertAll(CatalogWords.Countries, c => c.Share));
        var baseRate = options.OrdersPerCustomerPerMonth / 30.0;
        var meanSpread = Math.Exp(RateSpread * RateSpread / 2); // mean of the log-normal factor, divided out
        var loyalShareOfChurn = 0.5;
        var churnChance = Math.Min(1.0, options.ChurnShare / ((options.LoyaltyShare * loyalShareOfChurn) + (1 - options.LoyaltyShare)));

        var plans = new CustomerPlan[options.Customers];
        for (var i = 0; i < plans.Length; i++)
        {
            var signup = random.Chance(options.InitialCustomerShare)
                ? start.AddSeconds(-Math.Floor(random.Uniform(86_400, 730 * 86_400.0)))
                : start.AddSeconds(Math.Floor(random.Uniform(0, (options.Days - 1) * 86_400.0)));
            var loyal = random.Chance(options.LoyaltyShare);
            var country = CatalogWords.Countries[random.Pick(countryCumulative)].Country;
            var rate = baseRate * Math.Exp(RateSpread * random.Normal()) / meanSpread * (loyal ? 1.4 : 1.0);

            var primary = random.Pick(popularityCumulative);
            var secondary = random.Next(categories);
            var preference = new double[categories];
            for (var k = 0; k < categories; k++)
            {
                preference[k] = catalog.Affinity[primary][k] + (0.5 * catalog.Affinity[secondary][k]) + 0.02;
            }

            DateTime? churnAt = null;
            var earliestChurn = (signup > start ? signup : start).AddDays(MinimumTenureBeforeChurnDays);
            if (random.Chance(loyal ? churnChance * loyalShareOfChurn : churnChance) && earliestChurn < end)
            {
                churnAt = earliestChurn.AddSeconds(Math.Floor(random.NextDouble() * (end - earliestChurn).TotalSeconds));
            }

            plans[i] = new CustomerPlan(signup, country, loyal, rate, churnAt, primary, SeededRandom.Cumulative(preference));
        }

        // Ids follow sign-up order, as a shop's database sequence would.
        var order = Enumerable.Range(0, plans.Length).ToArray();
        Array.Sort(order, (a, b) => plans[a].SignupAt != plans[b].SignupAt ? plans[a].SignupAt.CompareTo(plans[b].SignupAt) : a.CompareTo(b));
        var sorted = new CustomerPlan[plans.Length];
        for (var i = 0; i < order.Length; i++)
        {
            sorted[i] = plans[order[i]];
            sorted[i].Id = $"C{i + 1:D5}";
        }

        return sorted;
    }

    /// <summary>Weekly × yearly multiplier per day of the window, scaled to average 1.</summary>
    private static double[] SeasonalMultipliers(SyntheticShopOptions options, DateTime start)
    {
        var multipliers = new double[options.Days];
        for (var d = 0; d < multipliers.Length; d++)
        {
            multipliers[d] = Seasonality.Multiplier(start.AddDays(d), options.WeekendLift, options.DecemberPeak);
        }

        var mean = multipliers.Average();
        for (var d = 0; d < multipliers.Length; d++)
        {
            multipliers[d] /= mean;
        }

        return multipliers;
    }

    private static void PlanOrders(
        SyntheticShopOptions options,
        SyntheticCatalog catalog,
        SeededRandom random,
        CustomerPlan customer,
        int customerIndex,
        DateTime start,
        DateTime end,
        double[] seasonal,
        List<PlannedOrder> orders,
        List<(int Product, int Quantity)> lines,
        List<PlannedEvent> events,
        List<int> history)
    {
        var first = customer.SignupAt.Date.AddDays(FirstOrderEarliestDays);
        if (first < start)
        {
            first = start;
        }

        // A churner's last possible order day is the day before the churn date.
        var stop = customer.ChurnAt is { } churnAt && churnAt.Date < end ? churnAt.Date : end;
        for (var day = first; day < stop; day = day.AddDays(1))
        {
            var p = customer.Rate * seasonal[(int)(day - start).TotalDays];
            if (customer.ChurnAt is not null && options.ChurnDecayDays > 0)
            {
                var daysLeft = (stop - day).TotalDays;
                if (daysLeft < options.ChurnDecayDays)
                {
                    p *= Math.Max(0.1, daysLeft / options.ChurnDecayDays); // fading towards the churn date
                }
            }

            if (!random.Chance(p))
            {
                continue;
            }

            var at = day.AddHours(7 + random.Pick(HourCumulative)).AddSeconds(random.Next(3600));
            var firstLine = lines.Count;
            FillBasket(catalog, random, customer, lines, history);
            orders.Add(new PlannedOrder(at, customerIndex, firstLine, lines.Count - firstLine));
            if (options.Events)
            {
                PlanEvents(catalog, random, customerIndex, at, lines, firstLine, events);
            }
        }
    }

    private static void FillBasket(SyntheticCatalog catalog, SeededRandom random, CustomerPlan customer, List<(int Product, int Quantity)> lines, List<int> history)
    {
        var firstLine = lines.Count;
        var size = Math.Min(MaxBasketItems, 1 + random.Poisson(ExtraBasketItemsMean));
        var anchorCategory = random.Pick(customer.CategoryCumulative);
        for (var i = 0; i < size; i++)
        {
            int product;
            if (history.Count > 0 && random.Chance(RepeatProductShare))
            {
                product = history[random.Next(history.Count)]; // replenishing something bought before
            }
            else
            {
                var category = i == 0
                    ? anchorCategory
                    : random.Chance(AffineCategoryShare) ? random.Pick(catalog.AffinityCumulative[anchorCategory]) : random.Pick(customer.CategoryCumulative);
                product = catalog.PickProduct(random, category);
            }

            var quantity = random.Chance(0.8) ? 1 : random.Chance(0.75) ? 2 : 3 + random.Next(4);
            var existing = -1;
            for (var l = firstLine; l < lines.Count; l++)
            {
                if (lines[l].Product == product)
                {
                    existing = l;
                }
            }

            if (existing >= 0)
            {
                lines[existing] = (product, lines[existing].Quantity + quantity);
            }
            else
            {
                lines.Add((product, quantity));
                history.Add(product);
            }
        }
    }

    private static void PlanEvents(SyntheticCatalog catalog, SeededRandom random, int customer, DateTime at, List<(int Product, int Quantity)> lines, int firstLine, List<PlannedEvent> events)
    {
        for (var l = firstLine; l < lines.Count; l++)
        {
            var product = lines[l].Product;
            var views = 1 + random.Poisson(0.7);
            for (var v = 0; v < views; v++)
            {
                events.Add(new PlannedEvent(at.AddSeconds(-random.Next(10 * 60, 90 * 60)), customer, product, ShopEventType.View, events.Count));
            }

            events.Add(new PlannedEvent(at.AddSeconds(-random.Next(60, 9 * 60)), customer, product, ShopEventType.AddToCart, events.Count));
            events.Add(new PlannedEvent(at, customer, product, ShopEventType.Purchase, events.Count));
        }

        // Browsing around the basket that did not end in a purchase.
        var browsed = random.Poisson(BrowsedProductsMean);
        for (var b = 0; b < browsed; b++)
        {
            var category = catalog.ProductCategory[lines[firstLine + random.Next(lines.Count - firstLine)].Product];
            var product = catalog.PickProduct(random, category);
            var viewedAt = at.AddSeconds(-random.Next(5 * 60, 90 * 60));
            events.Add(new PlannedEvent(viewedAt, customer, product, ShopEventType.View, events.Count));
            if (random.Chance(AbandonedCartShare))
            {
                events.Add(new PlannedEvent(viewedAt.AddSeconds(random.Next(30, 240)), customer, product, ShopEventType.AddToCart, events.Count));
            }
        }
    }

    private static SyntheticShopResult Assemble(
        SyntheticCatalog catalog,
        CustomerPlan[] plans,
        List<PlannedOrder> planned,
        List<(int Product, int Quantity)> lines,
        List<PlannedEvent> plannedEvents,
        DateTime end,
        SyntheticSearchOptions? searchSessions)
    {
        var customers = new List<Customer>(plans.Length);
        var churnDates = new Dictionary<string, DateTime>(StringComparer.Ordinal);
        var preferred = new Dictionary<string, string>(plans.Length, StringComparer.Ordinal);
        foreach (var plan in plans)
        {
            customers.Add(new Customer(plan.Id, plan.SignupAt, plan.Country, plan.Loyal));
            preferred[plan.Id] = catalog.CategoryNames[plan.PrimaryCategory];
            if (plan.ChurnAt is { } churnAt)
            {
                churnDates[plan.Id] = churnAt;
            }
        }

        planned.Sort(static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Customer.CompareTo(b.Customer));
        var orders = new List<Order>(planned.Count);
        var items = new List<OrderItem>(lines.Count);
        for (var o = 0; o < planned.Count; o++)
        {
            var order = planned[o];
            var id = $"O{o + 1:D7}";
            orders.Add(new Order(id, plans[order.Customer].Id, order.At));
            for (var l = order.FirstLine; l < order.FirstLine + order.LineCount; l++)
            {
                var product = catalog.Products[lines[l].Product];
                items.Add(new OrderItem(id, product.ProductId, lines[l].Quantity, product.Price));
            }
        }

        plannedEvents.Sort(static (a, b) => a.At != b.At ? a.At.CompareTo(b.At) : a.Sequence.CompareTo(b.Sequence));
        var events = new List<ShopEvent>(plannedEvents.Count);
        foreach (var e in plannedEvents)
        {
            events.Add(new ShopEvent(plans[e.Customer].Id, catalog.Products[e.Product].ProductId, e.Type, e.At));
        }

        var data = new ShopData(SourceName, customers, catalog.Products, orders, items, events);
        if (searchSessions is { } sessions)
        {
            // Built from the finished tables with their own random stream: the tables are the same with or without them.
            data = new ShopData(SourceName, customers, catalog.Products, orders, items, events)
            {
                Searches = Events.SearchSessions.Extract(SyntheticSearchSessions.Generate(data, sessions)),
            };
        }

        return new SyntheticShopResult(data, new SyntheticShopTruth(end, churnDates, preferred));
    }
}
