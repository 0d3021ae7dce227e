namespace EcommerceMl.Ml.Data.Synthetic;

/// <summary>
/// Word lists for readable product names ("Sage Linen Throw Pillow"). Categories are listed in a
/// ring where neighbours are related (bedding next to bath, kitchen next to tableware), which is
/// what the generator's co-purchase affinity follows.
/// </summary>
internal static class CatalogWords
{
    public static readonly (string Category, string[] Nouns, double BasePrice)[] Categories =
    [
        ("Home Decor", ["Throw Pillow", "Vase", "Wall Mirror", "Picture Frame", "Candle Holder", "Wall Clock", "Planter", "Doorstop"], 18),
        ("Lighting", ["Table Lamp", "String Lights", "Pendant Shade", "Floor Lamp", "Night Light", "Desk Lamp", "Lantern"], 32),
        ("Bedding", ["Duvet Cover", "Pillowcase Set", "Fitted Sheet", "Blanket", "Bedspread", "Mattress Topper"], 40),
        ("Bath", ["Bath Towel", "Bath Mat", "Soap Dish", "Shower Curtain", "Toothbrush Holder", "Laundry Basket"], 14),
        ("Beauty", ["Hand Cream", "Lip Balm", "Face Mask", "Bath Bomb", "Body Lotion", "Scented Candle"], 9),
        ("Jewellery", ["Necklace", "Bracelet", "Earrings", "Ring", "Brooch", "Jewellery Box"], 28),
        ("Apparel", ["Scarf", "Beanie", "T-Shirt", "Hoodie", "Socks", "Apron", "Tote Bag"], 22),
        ("Outdoor", ["Picnic Blanket", "Water Bottle", "Camping Mug", "Backpack", "Hammock", "Cool Bag"], 26),
        ("Garden", ["Watering Can", "Plant Pot", "Bird Feeder", "Garden Gloves", "Hose Reel", "Seed Tray"], 16),
        ("Pet Supplies", ["Dog Bed", "Cat Toy", "Pet Bowl", "Dog Lead", "Pet Blanket", "Scratching Post"], 15),
        ("Toys", ["Building Blocks", "Plush Bear", "Jigsaw Puzzle", "Wooden Train", "Kite", "Doll House"], 20),
        ("Party", ["Party Bunting", "Paper Cups", "Balloon Set", "Party Bag", "Gift Box", "Cake Stand"], 7),
        ("Tableware", ["Dinner Plate", "Side Plate", "Wine Glass", "Tumbler", "Napkin Set", "Table Runner"], 12),
        ("Kitchen", ["Mixing Bowl", "Cutting Board", "Saucepan", "Tea Towel", "Coffee Mug", "Storage Jar", "Serving Tray"], 15),
        ("Books", ["Cookbook", "Sketchbook", "Photo Album", "Recipe Book", "Guest Book", "Diary"], 14),
        ("Stationery", ["Notebook", "Journal", "Pen Set", "Desk Organiser", "Greeting Card", "Wrapping Paper"], 6),
    ];

    public static readonly string[] Materials =
    [
        "Linen", "Ceramic", "Oak", "Cotton", "Wool", "Bamboo", "Glass", "Copper", "Enamel", "Velvet",
        "Rattan", "Stoneware", "Marble", "Jute", "Leather", "Recycled", "Walnut", "Porcelain",
    ];

    public static readonly string[] Styles =
    [
        "Sage", "Charcoal", "Ivory", "Terracotta", "Navy", "Mustard", "Blush", "Vintage", "Nordic",
        "Rustic", "Classic", "Mini", "Large", "Striped", "Floral", "Heart", "Speckled", "Woven",
    ];

    /// <summary>Countries customers come from, with their share.</summary>
    public static readonly (string Country, double Share)[] Countries =
    [
        ("United Kingdom", 0.55), ("Germany", 0.1), ("France", 0.09), ("Netherlands", 0.06), ("Ireland", 0.05),
        ("Spain", 0.05), ("Italy", 0.04), ("Belgium", 0.03), ("Sweden", 0.02), ("United States", 0.01),
    ];
}
