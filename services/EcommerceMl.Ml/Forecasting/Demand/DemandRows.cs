namespace EcommerceMl.Ml.Forecasting.Demand;

/// <summary>
/// Training rows of the global model (pure): for each product, origins <see cref="DemandOptions.OriginStride"/>
/// days apart from the product's first sale (and a full <see cref="DemandFeatures.Window"/> of shop
/// history) and a deterministic sample of steps 1..H whose target day is at most <c>lastTarget</c>
/// and not a closed day. Direct multi-horizon: the step is a feature and every row's inputs are
/// known at its origin, so no forecast is fed back as an input and errors do not compound.
/// Label: units ÷ the product's scale, capped; weight: the scale, so a big seller counts more than a
/// slow one without drowning it (a raw-unit loss would weigh it by scale²).
/// </summary>
internal sealed class DemandRows
{
    private readonly List<float> _features = [];

    public List<float> Labels { get; } = [];

    public List<float> Weights { get; } = [];

    /// <summary>Day index of each row's target.</summary>
    public List<int> Targets { get; } = [];

    public int Count => Labels.Count;

    public ReadOnlySpan<float> Features(int row) => System.Runtime.InteropServices.CollectionsMarshal.AsSpan(_features).Slice(row * DemandFeatures.Count, DemandFeatures.Count);

    public static DemandRows Build(DemandHistory history, float[][] statics, CalendarTable calendar, DemandOptions options, int lastTarget)
    {
        ArgumentNullException.ThrowIfNull(history);
        ArgumentNullException.ThrowIfNull(statics);
        ArgumentNullException.ThrowIfNull(options);
        var rows = new DemandRows();
        var row = new float[DemandFeatures.Count];
        var shop = history.Shop;
        var window = DemandFeatures.Window;
        for (var p = 0; p < history.Products.Count; p++)
        {
            var product = history.Products[p];
            var first = Math.Max(product.FirstSale, window - 1);
            var offset = p % options.OriginStride;
            for (var origin = first + offset; origin < lastTarget; origin += options.OriginStride)
            {
                var productWindow = product.Units.AsSpan(origin - window + 1, window);
                var shopWindow = shop.AsSpan(origin - window + 1, window);
                var scale = DemandFeatures.Scale(productWindow);
                var originDate = history.Start.AddDays(origin);
                for (var step = 1 + ((p + (origin / options.OriginStride)) % options.HorizonSample); step <= options.MaxHorizon; step += options.HorizonSample)
                {
                    var target = origin + step;
                    if (target > lastTarget || calendar.IsClosed(originDate.AddDays(step)))
                    {
                        continue;
                    }

                    DemandFeatures.Write(row, productWindow, origin - product.FirstSale, shopWindow, statics[p], originDate, step, calendar);
                    rows._features.AddRange(row);
                    rows.Labels.Add((float)Math.Min(options.TargetCap, product.Units[target] / scale));
                    rows.Weights.Add((float)scale);
                    rows.Targets.Add(target);
                }
            }
        }

        return rows;
    }

    /// <summary>The rows whose target day is at most <paramref name="lastTarget"/>.</summary>
    public DemandRows Through(int lastTarget)
    {
        var kept = new DemandRows();
        for (var i = 0; i < Count; i++)
        {
            if (Targets[i] <= lastTarget)
            {
                kept._features.AddRange(Features(i));
                kept.Labels.Add(Labels[i]);
                kept.Weights.Add(Weights[i]);
                kept.Targets.Add(Targets[i]);
            }
        }

        return kept;
    }
}
