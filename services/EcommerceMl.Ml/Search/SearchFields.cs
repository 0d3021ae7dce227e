namespace EcommerceMl.Ml.Search;

/// <summary>The fields of a product that are searched, as flags: which of them a hit matched.</summary>
[Flags]
public enum SearchFields
{
    None = 0,
    Name = 1,
    Category = 2,
    Description = 4,
    Attributes = 8,
}

/// <summary>The searched fields by position (0 = name … 3 = attributes), the order of every per-field array.</summary>
public static class SearchFieldOrder
{
    public const int Count = 4;

    public static IReadOnlyList<SearchFields> All { get; } = [SearchFields.Name, SearchFields.Category, SearchFields.Description, SearchFields.Attributes];

    public static SearchFields At(int field) => (SearchFields)(1 << field);

    /// <summary>"name", "category", …: how the API names a field.</summary>
    public static string Name(SearchFields field) => field switch
    {
        SearchFields.Name => "name",
        SearchFields.Category => "category",
        SearchFields.Description => "description",
        SearchFields.Attributes => "attributes",
        _ => throw new ArgumentOutOfRangeException(nameof(field), field, "One field, not a combination."),
    };

    /// <summary>The names of the fields set in <paramref name="fields"/>, in field order.</summary>
    public static IReadOnlyList<string> Names(SearchFields fields) =>
        [.. All.Where(f => (fields & f) != 0).Select(Name)];
}
