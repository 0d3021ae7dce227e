namespace EcommerceMl.Ml.Data;

/// <summary>Rows a loader left out on purpose, and why; nothing is dropped without one of these.</summary>
/// <param name="Reason">What the rows had in common ("cancellation (InvoiceNo starts with C)").</param>
/// <param name="Rows">How many source rows.</param>
public sealed record ShopDataExclusion(string Reason, long Rows)
{
    public override string ToString() => $"{Rows:N0} rows excluded: {Reason}";
}

/// <summary>Loaded tables plus what was left out and how the source was mapped, for logs and run reports.</summary>
public sealed record ShopDataLoadResult(ShopData Data, IReadOnlyList<ShopDataExclusion> Excluded, IReadOnlyList<string> Notes)
{
    /// <summary>When the event sink was merged in: the end of the <c>receivedAt</c> window read (events received before it); else null.</summary>
    public DateTimeOffset? EventsReceivedBefore { get; init; }

    public static ShopDataLoadResult Complete(ShopData data, params IReadOnlyList<string> notes) => new(data, [], notes);
}
