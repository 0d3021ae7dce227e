namespace EcommerceMl.Ml.Data;

/// <summary>One bad row (or file) in shop data: where it is and what is wrong with it.</summary>
/// <param name="Path">The file, as the caller named its folder.</param>
/// <param name="Line">Physical line number in the file (1 = header); 0 when the problem is the whole file.</param>
/// <param name="Message">What is wrong: the column, the value and what was expected.</param>
public sealed record ShopDataError(string Path, int Line, string Message)
{
    public override string ToString() => Line > 0 ? $"{Path}:{Line}: {Message}" : $"{Path}: {Message}";
}
