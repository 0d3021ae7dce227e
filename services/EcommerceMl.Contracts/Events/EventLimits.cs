namespace EcommerceMl.Contracts.Events;

/// <summary>
/// How large one event may be. They bound memory on the server (an event is at most a few kilobytes whatever a
/// client sends) and what a reader of the sink must be ready for.
/// </summary>
/// <param name="MaxStringLength">Longest id, name, query or string property value, in characters.</param>
/// <param name="MaxProperties">Most free properties on one event (unknown top-level fields count as properties).</param>
/// <param name="MaxPropertyKeyLength">Longest property name, in characters.</param>
/// <param name="MaxPurchaseLines">Most lines in one purchase.</param>
/// <param name="ClockSkew">How far ahead of the server's clock an event may claim to be (clients' clocks drift).</param>
public sealed record EventLimits(int MaxStringLength, int MaxProperties, int MaxPropertyKeyLength, int MaxPurchaseLines, TimeSpan ClockSkew)
{
    public static readonly EventLimits Default = new(MaxStringLength: 256, MaxProperties: 32, MaxPropertyKeyLength: 64, MaxPurchaseLines: 200, ClockSkew: TimeSpan.FromMinutes(5));
}
