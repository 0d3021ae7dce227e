// The inference container's entry point; `ecml serve` builds the same application in-process through
// InferenceApp.Build with its store and pipelines.
using EcommerceMl.Inference.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddEcmlInference(builder.Configuration);

// Seam for the container's model source: the store comes from configuration (Ecml:Store, a folder or
// s3://bucket/prefix) and the pipelines from EcommerceMl.Ml. Register them here with
//   builder.Services.AddEcmlModelSource(sp => <store from configuration>, <the task pipelines>);
// until then the server starts, answers /healthz, and /readyz says that no store is configured.

var app = builder.Build();
app.UseEcmlInference();
app.MapEcmlInference();
app.Run();

public partial class Program;
