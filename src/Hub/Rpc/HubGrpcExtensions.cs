using System.IO.Compression;
using Grpc.AspNetCore.Server;
using Grpc.AspNetCore.Server.Model;
using Hub.Agencies;
using Hub.Audit;
using Hub.Auth;
using Hub.Cases;
using Hub.Consents;
using Hub.Echo;
using Hub.Events;
using Hub.V1;
using Hub.Meetings;
using Hub.People;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Hub.Rpc;

internal static class HubGrpcExtensions
{
    public const string Section = "Hub:Grpc";

    /// <summary>
    /// grpc-dotnet as the hub runs it: 4 MiB requests (<c>Hub:Grpc:MaxReceiveMessageSize</c>), gzip
    /// available, no exception text in statuses, malformed requests INTERNAL, and the interceptors
    /// every call passes: failures translated (outermost), then the request text check.
    /// Authentication and the declared scopes are ASP.NET Core's, before the endpoint. Health (from
    /// the health checks) and reflection, both open without a token.
    /// </summary>
    public static IServiceCollection AddHubGrpc(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddGrpcServer(configuration, options => options.Interceptors.Add<RequestTextInterceptor>());
        services.AddSingleton<RequestTextInterceptor>();
        services.AddGrpcHealthChecks(options =>
        {
            // The whole server and each of the hub's services are as healthy as its database; the
            // event service also needs the bus, and without it events wait in the outbox.
            options.Services.Map(string.Empty, result => !result.Tags.Contains(EventServiceCollectionExtensions.BusHealthTag));
            foreach (var service in HubRpcs.Services)
            {
                options.Services.Map(service.FullName, service == EventService.Descriptor
                    ? _ => true
                    : result => !result.Tags.Contains(EventServiceCollectionExtensions.BusHealthTag));
            }
        });

        // One instance each: a service holds no per-call state, and grpc-dotnet would otherwise build one per call.
        services.AddSingleton<EchoServiceImpl>();
        services.AddSingleton<AgencyServiceImpl>();
        services.AddSingleton<PersonServiceImpl>();
        services.AddSingleton<ConsentServiceImpl>();
        services.AddSingleton<AuditServiceImpl>();
        services.AddSingleton<CaseServiceImpl>();
        services.AddSingleton<EventServiceImpl>();
        return services;
    }

    /// <summary>
    /// The gRPC server under the hub's services, as the interop tests also run it: grpc-dotnet with
    /// the <c>Hub:Grpc</c> settings, no exception text in statuses, malformed requests INTERNAL,
    /// failures translated by the outermost interceptor, and reflection.
    /// </summary>
    public static IServiceCollection AddGrpcServer(this IServiceCollection services, IConfiguration configuration, Action<GrpcServiceOptions>? interceptors = null)
    {
        services.AddGrpc(options =>
        {
            configuration.GetSection(Section).Bind(options);
            options.EnableDetailedErrors = false;
            options.CompressionProviders = [new StrictGzipCompressionProvider(options.ResponseCompressionLevel ?? CompressionLevel.Fastest)];
            options.Interceptors.Add<CallFailureInterceptor>();
            interceptors?.Invoke(options);
        });
        services.RemoveAll(typeof(IServiceMethodProvider<>));
        services.AddSingleton(typeof(IServiceMethodProvider<>), typeof(StrictServiceMethodProvider<>));
        services.AddSingleton<CallFailureInterceptor>();
        services.AddGrpcReflection();
        return services;
    }

    /// <summary>The guard of each single-message request (<see cref="RequestMessageGuard"/>), before the gRPC endpoints.</summary>
    public static IApplicationBuilder UseRequestMessageGuard(this IApplicationBuilder app, IConfiguration configuration) =>
        app.UseMiddleware<RequestMessageGuard>(TimeSpan.FromSeconds(configuration.GetValue($"{Section}:RequestMessageTimeoutSeconds", 30.0)));

    public static IEndpointRouteBuilder MapHubGrpc(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGrpcHealthChecksService();
        endpoints.MapGrpcReflectionService();
        endpoints.MapGrpcService<EchoServiceImpl>().RequireDeclaredAccess();
        endpoints.MapGrpcService<AgencyServiceImpl>().RequireDeclaredAccess();
        endpoints.MapGrpcService<PersonServiceImpl>().RequireDeclaredAccess();
        endpoints.MapGrpcService<ConsentServiceImpl>().RequireDeclaredAccess();
        endpoints.MapGrpcService<AuditServiceImpl>().RequireDeclaredAccess();
        endpoints.MapGrpcService<CaseServiceImpl>().RequireDeclaredAccess();
        endpoints.MapGrpcService<MeetingServiceImpl>().RequireDeclaredAccess();
        endpoints.MapGrpcService<EventServiceImpl>().RequireDeclaredAccess();
        return endpoints;
    }
}
