using System.Net;
using Hub.Agencies;
using Hub.Auth;
using Hub.Consents;
using Hub.Events;
using Hub.Meetings;
using Hub.People;
using Hub.PersonPage;
using Hub.Rpc;
using Hub.Storage;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Hub.Hosting;

/// <summary>The hub's wiring: what Program.cs calls.</summary>
internal static class HubHostingExtensions
{
    public static WebApplicationBuilder AddHub(this WebApplicationBuilder builder)
    {
        builder.ConfigureListeners();
        builder.Services.AddHubGrpc(builder.Configuration);
        builder.Services.AddHubStorage(builder.Configuration);
        builder.Services.AddHubAuth(builder.Configuration);
        builder.Services.AddSingleton<AgencyStore>();
        builder.Services.AddSingleton<PersonStore>();
        builder.Services.AddSingleton<IdempotentRequests>();
        builder.Services.AddSingleton<PersonAccessPolicy>();
        builder.Services.AddHubConsents(builder.Configuration);
        builder.Services.AddHubMeetings(builder.Configuration);
        builder.Services.AddHubEvents(builder.Configuration);
        builder.Services.AddHubPersonPage(builder.Configuration);
        return builder;
    }

    public static WebApplication MapHub(this WebApplication app)
    {
        app.UseRequestMessageGuard(app.Configuration);
        app.UseHubPersonPage();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapHubGrpc();
        app.MapHubTokenService();
        app.MapHubPersonPage();
        return app;
    }

    /// <summary>
    /// gRPC (HTTP/2 only) and HTTP ports on loopback by default. A deployment that configures
    /// <c>Kestrel:Endpoints</c> gets exactly those instead; a default certificate under
    /// <c>Kestrel:Certificates:Default</c> puts TLS on both default ports.
    /// </summary>
    private static void ConfigureListeners(this WebApplicationBuilder builder)
    {
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            // A client that vanishes without closing its connection (a cable pulled, a VM frozen) is
            // noticed by a ping it doesn't answer, rather than never. Kestrel's minimum request body
            // rate stays for the HTTP port; gRPC calls get a limit of their own (RequestMessageGuard).
            kestrel.Limits.Http2.KeepAlivePingDelay = TimeSpan.FromSeconds(30);
            kestrel.Limits.Http2.KeepAlivePingTimeout = TimeSpan.FromSeconds(20);
        });
        if (builder.Configuration.GetSection("Kestrel:Endpoints").GetChildren().Any())
        {
            return;
        }

        var endpoints = HubEndpoints.From(builder.Configuration);
        var useTls = builder.Configuration.GetSection("Kestrel:Certificates:Default").GetChildren().Any();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, endpoints.GrpcPort, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                if (useTls)
                {
                    listen.UseHttps();
                }
            });
            kestrel.Listen(IPAddress.Loopback, endpoints.HttpPort, listen =>
            {
                // Without TLS there is no ALPN to agree on HTTP/2, so plain HTTP is HTTP/1.1 only.
                listen.Protocols = useTls ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                if (useTls)
                {
                    listen.UseHttps();
                }
            });
        });
    }
}
