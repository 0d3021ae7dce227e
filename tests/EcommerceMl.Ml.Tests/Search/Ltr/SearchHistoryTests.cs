using EcommerceMl.Ml.Data;
using EcommerceMl.Ml.Search;
using EcommerceMl.Ml.Search.Ltr;

namespace EcommerceMl.Ml.Tests.Search.Ltr;

public sealed class SearchHistoryTests
{
    [Fact]
    public void Counts_AreOfTheSearchesAddedSoFar_PerQueryAndPerProduct()
    {
        var history = new SearchHistory(3);
        history.Add("lamp", [(0, SearchOutcome.View), (1, SearchOutcome.Purchase)]);
        history.Add("lamp", [(1, SearchOutcome.AddToCart)]);
        history.Add("vase", [(1, SearchOutcome.Purchase), (-1, SearchOutcome.Purchase)]);

        Assert.Equal((2, 2, 1, 3, 2), history.Counts("lamp", 1));
        Assert.Equal((2, 1, 0, 1, 0), history.Counts("lamp", 0));
        Assert.Equal((0, 0, 0, 0, 0), history.Counts("mug", 2));
    }

    [Fact]
    public void QueryKey_IsTheAnalysedWords_SoPluralsAndWordOrderAreOneQuery()
    {
        var index = ProductIndexBuilder.Build(SearchCatalogue.Documents, Bm25Settings.Default);

        var a = SearchHistory.QueryKey(index.Search(new SearchQuery("table lamps", 5)));
        var b = SearchHistory.QueryKey(index.Search(new SearchQuery("Lamp TABLE", 5)));

        Assert.Equal(a, b);
        Assert.NotEqual(a, SearchHistory.QueryKey(index.Search(new SearchQuery("lamp", 5))));
    }
}
