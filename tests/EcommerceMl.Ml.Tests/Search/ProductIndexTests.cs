using EcommerceMl.Ml.Search;

namespace EcommerceMl.Ml.Tests.Search;

public sealed class ProductIndexTests
{
    private readonly ProductIndex _index = SearchCatalogue.Index();

    [Fact]
    public void Search_RanksTheProductMatchingEveryWordFirst()
    {
        var result = _index.Search(new SearchQuery("blue lamp", 10));

        Assert.Equal("P1", result.Hits[0].ProductId);
        Assert.Equal(2, result.Hits[0].MatchedTerms);
        Assert.Contains("P5", SearchCatalogue.Ids(result));
        Assert.Equal(result.Hits.Count, result.Total);
        Assert.True(result.Hits.Zip(result.Hits.Skip(1)).All(p => p.First.Score >= p.Second.Score));
    }

    [Fact]
    public void Search_ReportsTheFieldsThatMatched()
    {
        var hit = _index.Search(new SearchQuery("ceramic", 10)).Hits.Single();

        Assert.Equal(SearchFields.Name | SearchFields.Attributes, hit.MatchedFields);
    }

    [Fact]
    public void Search_FindsInflections_ThroughTheStem()
    {
        Assert.Equal("P3", _index.Search(new SearchQuery("holders", 10)).Hits.Single().ProductId);
        Assert.Contains("P6", SearchCatalogue.Ids(_index.Search(new SearchQuery("candle", 10))));
    }

    [Fact]
    public void Search_CorrectsOneTypoInAWordOfFiveLettersOrMore()
    {
        var result = _index.Search(new SearchQuery("pilow", 10));

        Assert.Equal(["P2", "P4"], SearchCatalogue.Ids(result).Order());
        Assert.Equal("pillow", Assert.Single(Assert.Single(result.Corrections).SearchedAs));
    }

    [Fact]
    public void Search_DoesNotGuessAtTyposInShortWords()
    {
        Assert.Empty(_index.Search(new SearchQuery("lamq", 10)).Hits);
    }

    [Fact]
    public void Search_WeighsACorrectedWordBelowTheWordAsTyped()
    {
        // "candels" is no word of the catalogue; one swap away is "candles" (P6).
        var exact = _index.Search(new SearchQuery("candles", 10)).Hits.Single(h => h.ProductId == "P6");
        var corrected = _index.Search(new SearchQuery("candels", 10)).Hits.Single(h => h.ProductId == "P6");

        Assert.Equal(exact.Score * ProductIndex.TypoWeight, corrected.Score, 4);
        Assert.Equal(1, corrected.MatchedTerms);
    }

    [Fact]
    public void Search_WithACategory_KeepsOnlyThatCategory_CaseInsensitive()
    {
        var result = _index.Search(new SearchQuery("lamp pillow", 10, Category: "home decor"));

        Assert.Equal(["P2", "P4"], SearchCatalogue.Ids(result).Order());
        Assert.Equal(2, result.Total);
        Assert.Empty(_index.Search(new SearchQuery("lamp", 10, Category: "Garden")).Hits);
    }

    [Fact]
    public void Search_ReturnsAtMostTheLimit_ButCountsEveryMatch()
    {
        var result = _index.Search(new SearchQuery("lighting lamp pillow", 2));

        Assert.Equal(2, result.Hits.Count);
        Assert.Equal(5, result.Total);
    }

    [Fact]
    public void Search_AtEveryLimit_ReturnsTheHeadOfTheFullRanking_TiesInCatalogueOrder()
    {
        // Five names over 200 products in a seeded shuffle: most scores tie with dozens of others, in no order of
        // score, so the cut-off at every limit falls inside a tie and the best-so-far bound is crossed both ways.
        var names = new[] { "Oak Bowl", "Oak Mixing Bowl", "Mixing Bowl Set", "Oak Oak Bowl", "Large Oak Mixing Bowl Stand" };
        var random = new Random(7);
        var documents = Enumerable.Range(0, 200)
            .Select(i => new SearchDocument($"P{i:000}", names[random.Next(names.Length)], "Kitchen", "", "")).ToList();
        var index = ProductIndexBuilder.Build(documents, Bm25Settings.Default);
        var query = "oak mixing bowl";

        var all = index.Search(new SearchQuery(query, documents.Count)).Hits;

        Assert.Equal(documents.Count, all.Count);
        Assert.True(all.Zip(all.Skip(1)).All(p => p.First.Score > p.Second.Score || (p.First.Score == p.Second.Score && p.First.Document < p.Second.Document)));
        foreach (var limit in new[] { 0, 1, 2, 3, 10, 37, 199, 200, 500 })
        {
            var top = index.Search(new SearchQuery(query, limit));

            Assert.Equal(all.Take(limit).Select(h => h.ProductId), top.Hits.Select(h => h.ProductId));
            Assert.Equal(documents.Count, top.Total);
        }
    }

    [Fact]
    public void Search_AtTheLimit_KeepsTheEarlierOfEqualScores_WhicheverWordFoundItFirst()
    {
        // "Red Chair" and "Blue Chair" alternate, so every product scores the same for "red blue"; the red ones are
        // found first (the query's first word), then the blue ones, which must still displace the later red ones.
        var documents = Enumerable.Range(0, 100)
            .Select(i => new SearchDocument($"P{i:000}", i % 2 == 0 ? "Red Chair" : "Blue Chair", "Furniture", "", "")).ToList();
        var index = ProductIndexBuilder.Build(documents, Bm25Settings.Default);

        var top = index.Search(new SearchQuery("red blue", 10));

        Assert.Equal(Enumerable.Range(0, 10).Select(i => $"P{i:000}"), top.Hits.Select(h => h.ProductId));
    }

    [Fact]
    public void Search_OfOnlyStopWordsOrUnknownWords_FindsNothing()
    {
        Assert.Empty(_index.Search(new SearchQuery("the and of", 10)).Hits);
        Assert.Equal(0, _index.Search(new SearchQuery("zzzzzzzz", 10)).Total);
    }

    [Fact]
    public void Search_MatchesANaiveBm25Oracle()
    {
        // One field only (the name), so the oracle is textbook BM25 over the names.
        var settings = new Bm25Settings(1.2, 0.75, [1, 0, 0, 0]);
        var index = ProductIndexBuilder.Build(SearchCatalogue.Documents, settings);
        var names = SearchCatalogue.Documents.Select(d => SearchText.Stems(d.Name).ToList()).ToList();
        var average = names.Average(n => n.Count);

        foreach (var hit in index.Search(new SearchQuery("throw pillow lamp", 10)).Hits)
        {
            var expected = new[] { "throw", "pillow", "lamp" }.Select(PorterStemmer.Stem).Sum(term =>
            {
                var df = SearchCatalogue.Documents.Count(d => SearchText.Stems(d.Field(0)).Concat(SearchText.Stems(d.Field(1))).Concat(SearchText.Stems(d.Field(2))).Concat(SearchText.Stems(d.Field(3))).Contains(term));
                var tf = names[hit.Document].Count(t => t == term);
                var idf = Math.Log(1 + ((names.Count - df + 0.5) / (df + 0.5)));
                return idf * tf * 2.2 / (tf + (1.2 * (1 - 0.75 + (0.75 * names[hit.Document].Count / average))));
            });
            Assert.Equal(expected, hit.Score, 4);
        }
    }

    [Fact]
    public void Suggest_CompletesTheLastWord_MostProductsFirst()
    {
        var suggestions = _index.Suggest("blu", 10);

        // "bluebells" is left out: it finds what "bluebell" finds (one stem).
        Assert.Equal(["blue", "bluebell", "blush"], suggestions.Select(s => s.Text).Order(StringComparer.Ordinal));
        Assert.Equal("blue", suggestions[0].Text);
        Assert.Equal(1, suggestions[0].Products);
    }

    [Fact]
    public void Suggest_KeepsTheWordsBefore_AndOnlyCompletionsThatFindSomething()
    {
        Assert.Equal(["navy linen"], _index.Suggest("navy lin", 10).Select(s => s.Text));
        Assert.Empty(_index.Suggest("brass lin", 10));
    }

    [Fact]
    public void Suggest_BetweenWords_OrOfNothing_IsEmpty()
    {
        Assert.Empty(_index.Suggest("blue ", 10));
        Assert.Empty(_index.Suggest("", 10));
        Assert.Empty(_index.Suggest("qqq", 10));
    }

    [Fact]
    public void Highlight_MarksTheMatchedWordsInTheName_Escaped()
    {
        var index = ProductIndexBuilder.Build([new("P9", "Salt & Pepper <Mill> Lamps", "Kitchen", "", "")], Bm25Settings.Default);
        var result = index.Search(new SearchQuery("lamp", 10));

        var highlight = index.Highlight(result.Hits[0].Document, result.Terms);

        Assert.Equal(SearchFields.Name, highlight.Field);
        Assert.Equal("Salt &amp; Pepper &lt;Mill&gt; <mark>Lamps</mark>", highlight.Html);
    }

    [Fact]
    public void Highlight_FallsBackToTheFieldThatMatched()
    {
        var result = _index.Search(new SearchQuery("cushion", 10));

        var highlight = _index.Highlight(result.Hits[0].Document, result.Terms);

        Assert.Equal(SearchFields.Description, highlight.Field);
        Assert.Equal("Soft linen <mark>cushion</mark> in deep navy.", highlight.Html);
    }

    [Fact]
    public void Build_RefusesAProductListedTwice()
    {
        var error = Assert.Throws<ArgumentException>(() => ProductIndexBuilder.Build([new("P1", "a", "b", "", ""), new("P1", "c", "d", "", "")], Bm25Settings.Default));

        Assert.Contains("'P1'", error.Message, StringComparison.Ordinal);
    }
}
