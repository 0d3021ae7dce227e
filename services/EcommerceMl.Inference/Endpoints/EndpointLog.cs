namespace EcommerceMl.Inference.Endpoints;

/// <summary>The logger every endpoint handler writes to, created once rather than per request.</summary>
internal sealed class EndpointLog(ILoggerFactory factory)
{
    public ILogger Logger { get; } = factory.CreateLogger("EcommerceMl.Inference.Endpoints");
}
