using System.Reflection;
using Grpc.AspNetCore.Server.Model;
using Grpc.Core;

namespace Hub.Rpc;

/// <summary>
/// Binds a service's methods as grpc-dotnet's own provider does (through the generated
/// <c>BindService</c>, each method the service's override), with two differences. A request message
/// that does not parse ends its call INTERNAL, as the gRPC protocol has it for a message the server
/// can't decode; grpc-dotnet would take the parser's exception for the handler's fault: UNKNOWN, and
/// an error in the log for every malformed request a client sends. And a response whose bytes are
/// kept (<see cref="SerializedResponses"/>) is sent as those bytes.
/// </summary>
internal sealed class StrictServiceMethodProvider<TService> : IServiceMethodProvider<TService>
    where TService : class
{
    public void OnServiceMethodDiscovery(ServiceMethodProviderContext<TService> context)
    {
        for (var type = typeof(TService); type is not null; type = type.BaseType)
        {
            if (type.GetCustomAttribute<BindServiceMethodAttribute>(inherit: false) is { } bind)
            {
                var bindService = bind.BindType.GetMethod(bind.BindMethodName, BindingFlags.Public | BindingFlags.Static, [typeof(ServiceBinderBase), type])
                    ?? throw new InvalidOperationException($"{bind.BindType} has no {bind.BindMethodName}(ServiceBinderBase, {type.Name}).");
                bindService.Invoke(null, [new Binder(context), null]);
                return;
            }
        }
    }

    private sealed class Binder(ServiceMethodProviderContext<TService> context) : ServiceBinderBase
    {
        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, UnaryServerMethod<TRequest, TResponse>? handler) =>
            context.AddUnaryMethod(Strict(method), Metadata(method.Name), Invoker<UnaryServerMethod<TService, TRequest, TResponse>>(method.Name));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ServerStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddServerStreamingMethod(Strict(method), Metadata(method.Name), Invoker<ServerStreamingServerMethod<TService, TRequest, TResponse>>(method.Name));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, ClientStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddClientStreamingMethod(Strict(method), Metadata(method.Name), Invoker<ClientStreamingServerMethod<TService, TRequest, TResponse>>(method.Name));

        public override void AddMethod<TRequest, TResponse>(Method<TRequest, TResponse> method, DuplexStreamingServerMethod<TRequest, TResponse>? handler) =>
            context.AddDuplexStreamingMethod(Strict(method), Metadata(method.Name), Invoker<DuplexStreamingServerMethod<TService, TRequest, TResponse>>(method.Name));

        /// <summary>The service's own method for the RPC: its override, or the generated base's UNIMPLEMENTED answer.</summary>
        private static TInvoker Invoker<TInvoker>(string name)
            where TInvoker : Delegate
        {
            // The invoker's parameters after the service itself are the handler's parameters.
            var parameters = typeof(TInvoker).GetMethod(nameof(Action.Invoke))!.GetParameters().Skip(1).Select(parameter => parameter.ParameterType).ToArray();
            var handler = typeof(TService).GetMethod(name, BindingFlags.Public | BindingFlags.Instance, parameters)
                ?? throw new InvalidOperationException($"{typeof(TService)} has no method {name}.");
            return handler.CreateDelegate<TInvoker>();
        }

        /// <summary>What grpc-dotnet puts on the endpoint: the attributes of the service and of the method.</summary>
        private static List<object> Metadata(string name) =>
        [
            .. typeof(TService).GetCustomAttributes(inherit: true),
            .. typeof(TService).GetMethods(BindingFlags.Public | BindingFlags.Instance).Where(method => method.Name == name).SelectMany(method => method.GetCustomAttributes(inherit: true)),
        ];

        private static Method<TRequest, TResponse> Strict<TRequest, TResponse>(Method<TRequest, TResponse> method)
            where TRequest : class
            where TResponse : class
        {
            var parse = method.RequestMarshaller.ContextualDeserializer;
            var request = new Marshaller<TRequest>(method.RequestMarshaller.ContextualSerializer, context =>
            {
                try
                {
                    return parse(context);
                }
                catch (Exception exception)
                {
                    // Whatever a parser throws, the bytes were not a message of the request's type.
                    throw new RpcException(new Status(StatusCode.Internal, $"The request is not a valid {typeof(TRequest).Name} message.", exception));
                }
            });
            var serialize = method.ResponseMarshaller.ContextualSerializer;
            var response = new Marshaller<TResponse>(
                (message, context) =>
                {
                    if (SerializedResponses.TryGet(message, out var bytes))
                    {
                        context.Complete(bytes);
                    }
                    else
                    {
                        serialize(message, context);
                    }
                },
                method.ResponseMarshaller.ContextualDeserializer);
            return new Method<TRequest, TResponse>(method.Type, method.ServiceName, method.Name, request, response);
        }
    }
}
