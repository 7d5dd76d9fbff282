using Google.Protobuf;
using Google.Protobuf.Reflection;
using Hub.Protocol.Internal;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.Protocol;

/// <summary>
/// Collects the handlers of one service. Every binding is checked against the service's descriptor
/// (method name, streaming kind, message types), and mapping fails if any RPC is left without one.
/// </summary>
public sealed class ServiceBinder
{
    private readonly ServiceDescriptor _service;
    private readonly GrpcServerOptions _options;
    private readonly IReadOnlyList<IServerCallInterceptor> _interceptors;
    private readonly ILogger _logger;
    private readonly Dictionary<MethodDescriptor, RequestDelegate> _handlers = [];

    internal ServiceBinder(ServiceDescriptor service, GrpcServerOptions options, IReadOnlyList<IServerCallInterceptor> interceptors, ILogger logger)
    {
        _service = service;
        _options = options;
        _interceptors = interceptors;
        _logger = logger;
    }

    public ServiceBinder Unary<TRequest, TResponse>(string methodName, UnaryServerMethod<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Resolve<TRequest, TResponse>(methodName, clientStreaming: false, serverStreaming: false);
        _handlers.Add(method, new UnaryCallHandler<TRequest, TResponse>(handler, Context(method)).HandleCallAsync);
        return this;
    }

    public ServiceBinder ServerStreaming<TRequest, TResponse>(string methodName, ServerStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Resolve<TRequest, TResponse>(methodName, clientStreaming: false, serverStreaming: true);
        _handlers.Add(method, new ServerStreamingCallHandler<TRequest, TResponse>(handler, Context(method)).HandleCallAsync);
        return this;
    }

    public ServiceBinder ClientStreaming<TRequest, TResponse>(string methodName, ClientStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Resolve<TRequest, TResponse>(methodName, clientStreaming: true, serverStreaming: false);
        _handlers.Add(method, new ClientStreamingCallHandler<TRequest, TResponse>(handler, Context(method)).HandleCallAsync);
        return this;
    }

    public ServiceBinder DuplexStreaming<TRequest, TResponse>(string methodName, DuplexStreamingServerMethod<TRequest, TResponse> handler)
        where TRequest : IMessage<TRequest>, new()
        where TResponse : IMessage<TResponse>
    {
        ArgumentNullException.ThrowIfNull(handler);
        var method = Resolve<TRequest, TResponse>(methodName, clientStreaming: true, serverStreaming: true);
        _handlers.Add(method, new DuplexStreamingCallHandler<TRequest, TResponse>(handler, Context(method)).HandleCallAsync);
        return this;
    }

    /// <summary>The route path of each RPC and its request delegate; throws if an RPC has no handler.</summary>
    internal IReadOnlyList<(MethodDescriptor Method, string Path, RequestDelegate Handler)> Build()
    {
        var unbound = _service.Methods.Where(method => !_handlers.ContainsKey(method)).Select(method => method.Name).ToArray();
        if (unbound.Length > 0)
        {
            throw new InvalidOperationException(
                $"Service '{_service.FullName}' has no handler for: {string.Join(", ", unbound)}. Every RPC of a mapped service must be bound.");
        }

        return _service.Methods.Select(method => (method, PathOf(method), _handlers[method])).ToArray();
    }

    internal static string PathOf(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";

    private ServerMethodContext Context(MethodDescriptor method) => new(method, _options, _interceptors, _logger);

    private MethodDescriptor Resolve<TRequest, TResponse>(string methodName, bool clientStreaming, bool serverStreaming)
    {
        var method = _service.FindMethodByName(methodName)
            ?? throw new InvalidOperationException($"Service '{_service.FullName}' has no RPC named '{methodName}'.");
        if (_handlers.ContainsKey(method))
        {
            throw new InvalidOperationException($"RPC '{PathOf(method)}' is bound twice.");
        }

        if (method.IsClientStreaming != clientStreaming || method.IsServerStreaming != serverStreaming)
        {
            throw new InvalidOperationException(
                $"RPC '{PathOf(method)}' is {Describe(method.IsClientStreaming, method.IsServerStreaming)}, but its handler is {Describe(clientStreaming, serverStreaming)}.");
        }

        if (method.InputType.ClrType != typeof(TRequest) || method.OutputType.ClrType != typeof(TResponse))
        {
            throw new InvalidOperationException(
                $"RPC '{PathOf(method)}' takes {method.InputType.FullName} and returns {method.OutputType.FullName}, but its handler takes {typeof(TRequest).Name} and returns {typeof(TResponse).Name}.");
        }

        return method;
    }

    private static string Describe(bool clientStreaming, bool serverStreaming) => (clientStreaming, serverStreaming) switch
    {
        (false, false) => "unary",
        (false, true) => "server-streaming",
        (true, false) => "client-streaming",
        (true, true) => "bidirectional streaming",
    };
}
