using EcommerceMl.Ml.Evaluation;
using EcommerceMl.Ml.Search;
using EcommerceMl.Ml.Tests.Search;

namespace EcommerceMl.Ml.Tests.Evaluation;

public sealed class KnownItemSearchTests
{
    [Fact]
    public void Draw_TakesOneToThreeOfTheProductsOwnWords_OneQueryPerProduct_SeededAlike()
    {
        var queries = KnownItemQueries.Draw(SearchCatalogue.Documents, 100, typoShare: 0, seed: 7);

        Assert.Equal(SearchCatalogue.Documents.Count, queries.Count);
        Assert.Equal(queries.Count, queries.Select(q => q.ProductId).Distinct().Count());
        foreach (var query in queries)
        {
            var document = SearchCatalogue.Documents.Single(d => d.ProductId == query.ProductId);
            var own = SearchText.Tokenize($"{document.Name} {document.Description}").Select(t => t.Word).ToHashSet();
            var words = query.Text.Split(' ');
            Assert.InRange(words.Length, 1, 3);
            Assert.All(words, w => Assert.Contains(w, own));
            Assert.False(query.Typo);
        }

        Assert.Equal(queries, KnownItemQueries.Draw(SearchCatalogue.Documents, 100, typoShare: 0, seed: 7));
    }

    [Fact]
    public void Draw_WithTypos_ChangesOneLongWordByOneEdit()
    {
        var typed = KnownItemQueries.Draw(SearchCatalogue.Documents, 100, typoShare: 1, seed: 3);

        Assert.Contains(typed, q => q.Typo);
        foreach (var query in typed.Where(q => q.Typo))
        {
            var document = SearchCatalogue.Documents.Single(d => d.ProductId == query.ProductId);
            var own = SearchText.Tokenize($"{document.Name} {document.Description}").Select(t => t.Word).ToHashSet();
            var changed = query.Text.Split(' ').Where(w => !own.Contains(w)).ToList();
            Assert.Single(changed);
            Assert.Contains(own, w => w.Length >= TypoMatcher.MinLength && TypoMatcher.IsOneEdit(w, changed[0]));
        }
    }

    [Fact]
    public void Evaluate_ScoresRecallAndReciprocalRankOfTheKnownProduct()
    {
        KnownItemQuery[] queries = [new("a", "P1", false), new("b", "P2", true), new("c", "P3", false)];
        var ranked = new Dictionary<string, string[]> { ["a"] = ["P1", "P9"], ["b"] = ["P9", "P2"], ["c"] = ["P9"] };
        SearchResult Search(SearchQuery q) => SearchResult.Empty with
        {
            Hits = [.. ranked[q.Text].Select((id, i) => new SearchHit(i, id, id, "c", 1, SearchFields.Name, 1))],
        };

        var metrics = KnownItemEvaluator.Evaluate(Search, queries, 10);

        Assert.Equal(2 / 3.0, metrics["recall_at_10"], 9);
        Assert.Equal((1 + 0.5 + 0) / 3, metrics["mrr"], 9);
        Assert.Equal(0.5, metrics["recall_at_10_clean"], 9);
        Assert.Equal(0.5, metrics["mrr_typo"], 9);
        Assert.Equal(3, metrics["queries"]);
        Assert.Equal(2 / 3.0, metrics["recall_at_10_1_words"], 9);
    }
}
