// The inference container's entry point; `ecml serve` builds the same application in-process.
var app = WebApplication.CreateBuilder(args).Build();
app.Run();

public partial class Program;
