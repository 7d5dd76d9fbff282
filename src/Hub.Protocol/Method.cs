using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace Hub.Protocol;

/// <summary>An RPC as the client calls it: its path and its message types.</summary>
public sealed class Method<TRequest, TResponse>
    where TRequest : IMessage<TRequest>
    where TResponse : IMessage<TResponse>, new()
{
    public Method(string serviceName, string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(serviceName);
        ArgumentException.ThrowIfNullOrEmpty(name);
        ServiceName = serviceName;
        Name = name;
        Path = $"/{serviceName}/{name}";
    }

    public string ServiceName { get; }

    public string Name { get; }

    /// <summary>The request path, <c>/package.Service/Method</c>.</summary>
    public string Path { get; }

    internal MessageParser<TResponse> ResponseParser { get; } = new(() => new TResponse());

    /// <summary>The method of a generated service descriptor, checked against the message types.</summary>
    public static Method<TRequest, TResponse> From(MethodDescriptor method)
    {
        ArgumentNullException.ThrowIfNull(method);
        if (method.InputType.ClrType != typeof(TRequest) || method.OutputType.ClrType != typeof(TResponse))
        {
            throw new ArgumentException(
                $"RPC '{method.FullName}' takes {method.InputType.FullName} and returns {method.OutputType.FullName}.", nameof(method));
        }

        return new Method<TRequest, TResponse>(method.Service.FullName, method.Name);
    }
}
