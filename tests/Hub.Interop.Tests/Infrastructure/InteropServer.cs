using System.Collections.Concurrent;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Hub.Rpc;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Hub.Interop.Tests.Infrastructure;

/// <summary>
/// A real Kestrel server on a free loopback port serving the interop TestService, health and
/// reflection on the gRPC server the hub runs (grpc-dotnet as <see cref="HubGrpcExtensions.AddGrpcServer"/>
/// configures it) — what the independent peers call.
/// </summary>
public sealed class InteropServer : IAsyncLifetime
{
    /// <summary>A request header naming a request, for <see cref="RequestStarted"/> and <see cref="RequestFinished"/>.</summary>
    public const string RequestTagHeader = "x-request-tag";

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _started = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _finished = new();
    private WebApplication? _app;

    public int Port { get; private set; }

    public Uri Address => new($"http://127.0.0.1:{Port}");

    /// <summary>The descriptor set the Python peers build their message classes from.</summary>
    public string DescriptorSetPath { get; } = Path.Combine(Path.GetTempPath(), $"hub-interop-{Guid.NewGuid():N}.pb");

    public async Task InitializeAsync()
    {
        WriteDescriptorSet(DescriptorSetPath, Grpc.Testing.TestReflection.Descriptor, Hub.V1.EchoReflection.Descriptor);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.ConfigureKestrel(kestrel =>
            kestrel.Listen(System.Net.IPAddress.Loopback, 0, listen => listen.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpcServer(builder.Configuration);
        // With no check at all, gRPC health would answer UNKNOWN.
        builder.Services.AddGrpcHealthChecks().AddCheck("interop", () => HealthCheckResult.Healthy());
        _app = builder.Build();
        _app.Use(async (context, next) =>
        {
            if (!context.Request.Headers.TryGetValue(RequestTagHeader, out var tag))
            {
                await next(context);
                return;
            }

            Signal(_started, tag.ToString()).TrySetResult();
            try
            {
                await next(context);
            }
            finally
            {
                Signal(_finished, tag.ToString()).TrySetResult();
            }
        });
        _app.UseRequestMessageGuard(_app.Configuration);
        _app.MapGrpcHealthChecksService();
        _app.MapGrpcReflectionService();
        _app.MapGrpcService<TestServiceImpl>();
        _app.MapGrpcService<ProbeServiceImpl>();
        await _app.StartAsync();
        var address = _app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        Port = new Uri(address).Port;
    }

    /// <summary>Completes when the endpoints get the request tagged <paramref name="tag"/>.</summary>
    public Task RequestStarted(string tag) => Signal(_started, tag).Task;

    /// <summary>Completes when the server is done with the request tagged <paramref name="tag"/>, however it ended.</summary>
    public Task RequestFinished(string tag) => Signal(_finished, tag).Task;

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }

        File.Delete(DescriptorSetPath);
    }

    private static TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string tag) =>
        signals.GetOrAdd(tag, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Writes the files and everything they import as a serialized FileDescriptorSet.</summary>
    public static void WriteDescriptorSet(string path, params FileDescriptor[] files)
    {
        var set = new FileDescriptorSet();
        var seen = new HashSet<string>();
        void Add(FileDescriptor file)
        {
            if (!seen.Add(file.Name))
            {
                return;
            }

            foreach (var dependency in file.Dependencies)
            {
                Add(dependency);
            }

            set.File.Add(FileDescriptorProto.Parser.ParseFrom(file.SerializedData));
        }

        foreach (var file in files)
        {
            Add(file);
        }

        File.WriteAllBytes(path, set.ToByteArray());
    }
}
