using System.Text;

namespace EcommerceMl.Ml.Data.Synthetic;

/// <summary>A query a shopper typed for a product: the text, and the product's own words they meant by it.</summary>
internal sealed record ShopperQuery(string Text, IReadOnlyList<string> MeantWords);

/// <summary>
/// What a shopper types into the search box when they want a product: a few of its words — the head noun (a name's
/// last word), a modifier and the noun, the last two words, the whole name, a category, a material alone — then
/// noise as people make it: another word for the same thing (<see cref="SearchWords"/>), a typo (one edit, never in
/// the first letter, only in words of five letters or more), a word cut short as they stop typing, words swapped.
/// Always lower case. Pure given the random stream.
/// </summary>
internal static class ShopperQueries
{
    private const double SynonymChance = 0.2;
    private const double TypoChance = 0.1;
    private const double PartialChance = 0.08;
    private const double SwapChance = 0.08;
    private const int MinTypoLength = 5;
    private const int MinPartialKept = 3;
    private const string Letters = "abcdefghijklmnopqrstuvwxyz";

    // Which of the product's words the shopper reaches for, by share.
    private static readonly double[] KindCumulative = SeededRandom.Cumulative([0.15, 0.22, 0.2, 0.2, 0.13, 0.1]);

    public static ShopperQuery For(Product product, SeededRandom random)
    {
        ArgumentNullException.ThrowIfNull(product);
        var name = Words(product.Name);
        var category = Words(product.Category).Where(w => w.Any(char.IsLetter)).ToArray();
        if (name.Length == 0)
        {
            name = category.Length > 0 ? category : [product.ProductId.ToLowerInvariant()];
        }

        var head = name[^1];
        var modifiers = name[..^1];
        string[] meant = random.Pick(KindCumulative) switch
        {
            0 => name,
            1 when name.Length >= 2 => name[^2..],
            2 when modifiers.Length > 0 => [modifiers[random.Next(modifiers.Length)], head],
            4 when category.Length > 0 => category,
            5 when modifiers.Length > 0 => [modifiers[random.Next(modifiers.Length)]],
            _ => [head],
        };

        var typed = meant.Select(w => Noisy(w, random)).ToList();
        if (typed.Count >= 2 && random.Chance(SwapChance))
        {
            var i = random.Next(typed.Count - 1);
            (typed[i], typed[i + 1]) = (typed[i + 1], typed[i]);
        }

        if (random.Chance(PartialChance) && typed[^1].Length >= MinPartialKept + 2 && typed[^1].All(char.IsLetter))
        {
            var word = typed[^1];
            typed[^1] = word[..random.Next(MinPartialKept, word.Length - 1)]; // stopped typing before the end
        }

        return new ShopperQuery(string.Join(' ', typed), meant);
    }

    /// <summary>The lower-case words of a text, split on anything but letters, digits, '-' and '\''.</summary>
    public static string[] Words(string text) =>
        SplitWhere(text.ToLowerInvariant(), static c => !(char.IsLetterOrDigit(c) || c is '-' or '\''));

    private static string Noisy(string word, SeededRandom random)
    {
        if (SearchWords.Synonyms.TryGetValue(word, out var others) && random.Chance(SynonymChance))
        {
            return others[random.Next(others.Length)];
        }

        return word.Length >= MinTypoLength && word.All(char.IsLetter) && random.Chance(TypoChance) ? Typo(word, random) : word;
    }

    /// <summary>One edit — a letter replaced, dropped, doubled-in or two swapped — anywhere but the first letter.</summary>
    internal static string Typo(string word, SeededRandom random)
    {
        var text = new StringBuilder(word);
        var at = 1 + random.Next(word.Length - 1);
        switch (random.Next(4))
        {
            case 0:
                text[at] = Different(word[at], random);
                break;
            case 1:
                text.Remove(at, 1);
                break;
            case 2:
                text.Insert(at, Letters[random.Next(Letters.Length)]);
                break;
            default:
                at = Math.Min(at, word.Length - 2);
                (text[at], text[at + 1]) = (text[at + 1], text[at]);
                break;
        }

        var typo = text.ToString();
        return typo == word ? word + Letters[random.Next(Letters.Length)] : typo; // swapping equal letters changes nothing
    }

    private static char Different(char letter, SeededRandom random)
    {
        var replacement = Letters[random.Next(Letters.Length - 1)];
        return replacement >= letter ? Letters[(replacement - 'a' + 1) % Letters.Length] : replacement;
    }

    private static string[] SplitWhere(string text, Func<char, bool> separator)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var isWord = i < text.Length && !separator(text[i]);
            if (isWord && start < 0)
            {
                start = i;
            }
            else if (!isWord && start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
        }

        return [.. words];
    }
}
