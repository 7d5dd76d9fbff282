using System.Net;
using EchoServers;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;

// One echo server per process, for bench/wire/run.sh:
//   EchoServers --mode grpc|bare --port N [--payload-size 64] [--hosting-diagnostics on|off]
// Both modes share this host and its Kestrel settings; only the endpoint behind
// /hub.v1.EchoService/Echo differs (GrpcMode.cs, BareMode.cs). On shutdown it prints
// 'ALLOCATED <bytes>': the managed allocations of its whole serving time.
if (!BenchArguments.TryParse(args, out var arguments))
{
    await Console.Error.WriteLineAsync(BenchArguments.Usage);
    return 2;
}

// The command line is ours, so it is not handed to the host's configuration; the content root is
// the build output, so no appsettings.json of the caller's directory applies.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
builder.Logging.SetMinimumLevel(LogLevel.Warning);
if (!arguments.HostingDiagnostics)
{
    // Hosting starts an Activity and a log scope for every request while this category logs at
    // any level at all (Warning included); only None turns that off.
    builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
}

builder.WebHost.ConfigureKestrel(kestrel =>
{
    kestrel.AddServerHeader = false;
    kestrel.Listen(IPAddress.Loopback, arguments.Port, listen => listen.Protocols = HttpProtocols.Http2);
});

if (arguments.Mode == BenchArguments.GrpcMode)
{
    GrpcMode.AddServices(builder.Services, builder.Configuration);
}

var app = builder.Build();
if (arguments.Mode == BenchArguments.GrpcMode)
{
    GrpcMode.MapEndpoints(app);
}
else
{
    BareMode.MapEndpoints(app, EchoPayload.Create(arguments.PayloadSize));
}

await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
Console.WriteLine($"LISTENING {new Uri(address).Port}");
var allocatedBeforeServing = GC.GetTotalAllocatedBytes(precise: true);
await app.WaitForShutdownAsync();
// What serving allocated, which bench/wire/run.sh divides by the requests it sent.
Console.WriteLine($"ALLOCATED {GC.GetTotalAllocatedBytes(precise: true) - allocatedBeforeServing}");
return 0;
