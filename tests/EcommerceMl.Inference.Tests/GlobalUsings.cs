global using System.Net;
global using System.Net.Http.Json;
global using System.Text.Json;
global using EcommerceMl.Inference.Tests.Fakes;
global using Microsoft.AspNetCore.Builder;
global using Microsoft.Extensions.Configuration;
global using Microsoft.Extensions.DependencyInjection;
global using Microsoft.Extensions.Logging;
