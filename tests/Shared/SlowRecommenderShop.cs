using System.Globalization;
using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Data.Synthetic;

namespace EcommerceMl.Testing;

/// <summary>
/// A shop and the training arguments of an honestly slow recommender, for the slow-canary tests: a two-stage model
/// trained by the real trainer with settings someone could ship by mistake — every generator's 1,000 best products as
/// candidates and 3,000 LambdaRank trees of up to 31 leaves, all kept (no early stopping) — so each answer scores ~1,500
/// candidates through 3,000 trees. Measured per answer for a customer the model knows (server CPU time, 3 answers
/// each of the 30, bench/results/slow-canary-model.md): 120–146 ms in the Debug build the tests run, 20–26 ms in a
/// Release build, against a few ms for an item-cosine model of the same shop; on a loaded machine the wall time only
/// grows. The shop is small in customers (training evaluates, and the server precomputes at load, one answer per
/// known customer) and large in products (the candidates).
/// </summary>
/// <remarks>
/// The slow answers are asked for with <see cref="K"/> = 20: the server precomputes every known customer's default
/// top-10 at load, so a default request would be a table lookup whatever the model costs. A storefront showing 20
/// products asks the model itself, as do batch and V2 requests.
/// </remarks>
internal static class SlowRecommenderShop
{
    /// <summary>Products per answer the storefront asks for (not the server's precomputed 10).</summary>
    public const int K = 20;

    public static ShopData Create() =>
        SyntheticShop.Generate(new SyntheticShopOptions { Customers = 40, Products = 2000, Categories = 6, Days = 200, Seed = 3 });

    /// <summary>The trainer's arguments (after <c>--task recommendation</c>) of the slow two-stage model.</summary>
    public static IReadOnlyList<string> SlowTwoStage { get; } =
    [
        "--algorithm", "two-stage",
        "--hp", "candidates=1000", "--hp", "trees=3000", "--hp", "leaves=31", "--hp", "min_leaf_rows=1",
        // Training time, not serving time: no EASE (a 2,000-product inverse), one validation round, the ranker
        // taught on two customers' candidates (~3,000 rows), every tree kept.
        "--hp", "ease=0", "--hp", "validation_rounds=1", "--hp", "ranker_customers=2", "--hp", "early_stopping_share=0",
    ];

    /// <summary>Customers with at least one order: every model of the shop knows them, so none is answered by the popularity fallback.</summary>
    public static IReadOnlyList<string> KnownCustomers(ShopData shop) =>
        [.. shop.Orders.Select(o => o.CustomerId).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>A storefront's recommendations request for <paramref name="customer"/>, relative to the server's address.</summary>
    public static string Request(string customer, string model) =>
        string.Create(CultureInfo.InvariantCulture, $"v1/recommendations/{Uri.EscapeDataString(customer)}?model={Uri.EscapeDataString(model)}&k={K}");
}
