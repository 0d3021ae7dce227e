// The inference container's entry point (what a ModelDeployment's Pods run); `ecml serve` builds the
// same application in-process through InferenceApp.Build with its own store.
using EcommerceMl.Inference.Hosting;
using EcommerceMl.Ml.Training;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddEcmlInference(builder.Configuration);

// Without a store the server still starts, answers /healthz, and /readyz says none is configured;
// an s3:// store's settings are validated at start (ConfiguredModelStore).
if (ConfiguredModelStore.Add(builder.Services, builder.Configuration) is { } store)
{
    builder.Services.AddEcmlModelSource(store, TaskPipelines.All);
}

var app = builder.Build();
app.UseEcmlInference();
app.MapEcmlInference();
app.Run();

public partial class Program;
