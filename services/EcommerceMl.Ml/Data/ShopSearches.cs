namespace EcommerceMl.Ml.Data;

/// <summary>
/// What a shopper did with a product a search showed them: the graded relevance a search ranker learns from.
/// A purchase says more than a cart add, which says more than a view (the values are the grades).
/// </summary>
public enum SearchOutcome
{
    View = 1,
    AddToCart = 2,
    Purchase = 3,
}

/// <summary>A product the shopper went on to view, add to the cart or buy after a search, and the furthest they went.</summary>
public sealed record SearchedProduct(string ProductId, SearchOutcome Outcome);

/// <summary>
/// One search a shopper made and what came of it (<see cref="Events.SearchSessions"/> builds these from a session's
/// events): the products they went on to view, add or buy, each once with its best outcome, in the order first met.
/// </summary>
/// <param name="SessionId">The storefront session the search was made in.</param>
/// <param name="CustomerId">Who searched: the customer, <c>visitor-{visitorId}</c> for an anonymous visitor, or null when unknown.</param>
/// <param name="Query">The text typed, as sent.</param>
/// <param name="ResultCount">How many results the storefront showed, when it said.</param>
/// <param name="SearchedAt">Shop wall-clock time, like every timestamp of the tables.</param>
/// <param name="Products">Empty when the shopper touched nothing the search showed.</param>
public sealed record ShopSearch(
    string SessionId,
    string? CustomerId,
    string Query,
    int? ResultCount,
    DateTime SearchedAt,
    IReadOnlyList<SearchedProduct> Products);
