namespace EcommerceMl.Ml.Data.Synthetic;

/// <summary>
/// The other words shoppers use for the catalogue's words (<see cref="CatalogWords"/>): "cushion" for a pillow, "grey"
/// for charcoal, "wooden" for oak, "jewelry" for jewellery. Most never appear in a product's text, so a plain word
/// index cannot match them: that is the gap a ranker that learns from what shoppers did after a query can close.
/// Keys and words are lower case.
/// </summary>
internal static class SearchWords
{
    public static readonly IReadOnlyDictionary<string, string[]> Synonyms = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        // Nouns.
        ["pillow"] = ["cushion"], ["vase"] = ["jug"], ["mirror"] = ["looking glass"], ["clock"] = ["timepiece"], ["planter"] = ["pot"],
        ["lamp"] = ["light"], ["lights"] = ["fairy lights"], ["shade"] = ["lampshade"], ["lantern"] = ["light"],
        ["duvet"] = ["quilt", "comforter"], ["blanket"] = ["throw"], ["bedspread"] = ["coverlet"], ["sheet"] = ["sheets"],
        ["towel"] = ["towels"], ["mat"] = ["rug"], ["curtain"] = ["screen"], ["basket"] = ["hamper"],
        ["cream"] = ["moisturiser"], ["balm"] = ["chapstick"], ["lotion"] = ["moisturiser"], ["candle"] = ["candles"],
        ["necklace"] = ["pendant", "chain"], ["earrings"] = ["studs"], ["bracelet"] = ["bangle"], ["brooch"] = ["pin"],
        ["t-shirt"] = ["tee", "tshirt"], ["hoodie"] = ["sweatshirt"], ["beanie"] = ["hat"], ["scarf"] = ["shawl"], ["bag"] = ["tote"],
        ["bottle"] = ["flask"], ["mug"] = ["cup"], ["backpack"] = ["rucksack"], ["hammock"] = ["swing"], ["cool"] = ["cooler"],
        ["can"] = ["sprinkler"], ["pot"] = ["planter"], ["feeder"] = ["birdfeeder"], ["gloves"] = ["mitts"], ["reel"] = ["hose"],
        ["lead"] = ["leash"], ["bowl"] = ["dish"], ["post"] = ["scratcher"],
        ["blocks"] = ["bricks"], ["bear"] = ["teddy"], ["puzzle"] = ["jigsaw"], ["train"] = ["railway"], ["doll"] = ["dolls"],
        ["bunting"] = ["banner"], ["cups"] = ["beakers"], ["balloon"] = ["balloons"], ["box"] = ["hamper"], ["stand"] = ["cakestand"],
        ["plate"] = ["plates", "dish"], ["glass"] = ["goblet"], ["tumbler"] = ["glass"], ["napkin"] = ["serviette"], ["runner"] = ["tablecloth"],
        ["board"] = ["chopping board"], ["saucepan"] = ["pan", "pot"], ["jar"] = ["canister"], ["tray"] = ["platter"],
        ["cookbook"] = ["recipes"], ["sketchbook"] = ["sketchpad"], ["album"] = ["scrapbook"], ["diary"] = ["planner"],
        ["notebook"] = ["notepad"], ["journal"] = ["diary"], ["pen"] = ["pens"], ["organiser"] = ["organizer", "tidy"],
        ["card"] = ["cards"], ["paper"] = ["gift wrap"],

        // Materials.
        ["oak"] = ["wood", "wooden"], ["walnut"] = ["wood", "wooden"], ["bamboo"] = ["wooden"], ["ceramic"] = ["pottery"],
        ["stoneware"] = ["pottery"], ["porcelain"] = ["china"], ["wool"] = ["woollen", "knitted"], ["copper"] = ["metal"],
        ["rattan"] = ["wicker"], ["marble"] = ["stone"], ["jute"] = ["hessian"], ["recycled"] = ["eco"], ["velvet"] = ["plush"],

        // Styles and colours.
        ["sage"] = ["green"], ["charcoal"] = ["grey", "gray"], ["ivory"] = ["cream", "white"], ["terracotta"] = ["orange"],
        ["navy"] = ["blue"], ["mustard"] = ["yellow"], ["blush"] = ["pink"], ["vintage"] = ["retro"], ["nordic"] = ["scandi"],
        ["rustic"] = ["farmhouse"], ["mini"] = ["small"], ["large"] = ["big"], ["striped"] = ["stripe", "stripy"],
        ["floral"] = ["flower", "flowery"], ["speckled"] = ["spotty"],

        // Category words.
        ["decor"] = ["decoration"], ["lighting"] = ["lights", "lamps"], ["bedding"] = ["bed linen"], ["bath"] = ["bathroom"],
        ["beauty"] = ["skincare"], ["jewellery"] = ["jewelry"], ["apparel"] = ["clothing", "clothes"], ["outdoor"] = ["camping"],
        ["garden"] = ["gardening"], ["pet"] = ["pets"], ["toys"] = ["toy"], ["party"] = ["celebration"],
        ["tableware"] = ["dinnerware"], ["kitchen"] = ["cookware"], ["books"] = ["book"], ["stationery"] = ["stationary"],
    };
}
