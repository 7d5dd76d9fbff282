using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Core;

namespace HubScenario;

/// <summary>One RPC the benchmark puts under load: the request it sends, and what a correct answer looks like.</summary>
internal abstract class BenchRequest
{
    /// <summary>The name of its files and of its runs in the report, e.g. check_access.</summary>
    public abstract string Name { get; }

    /// <summary>The HTTP/2 path, /package.Service/Method.</summary>
    public abstract string Path { get; }

    public abstract IMessage Build(ScenarioSubjects subjects);

    /// <summary>Sends the serialized request once through Hub.Client and judges the answer.</summary>
    public abstract Task<Verdict> CheckAsync(ChannelBase channel, byte[] request, CallOptions options);
}

/// <summary>Whether an answer is the expected one, and what it said.</summary>
internal sealed record Verdict(bool Passed, string Answer);

/// <summary>A unary RPC with typed messages: its descriptor, and the typed client's call of it.</summary>
internal sealed class BenchRequest<TRequest, TResponse>(
    string name,
    MethodDescriptor method,
    Func<ChannelBase, TRequest, CallOptions, AsyncUnaryCall<TResponse>> call,
    Func<ScenarioSubjects, TRequest> build,
    Func<TRequest, TResponse, Verdict> judge) : BenchRequest
    where TRequest : IMessage<TRequest>, new()
    where TResponse : IMessage<TResponse>, new()
{
    private static readonly MessageParser<TRequest> Parser = new(() => new TRequest());

    public override string Name => name;

    public override string Path => $"/{method.Service.FullName}/{method.Name}";

    public override IMessage Build(ScenarioSubjects subjects) => build(subjects);

    public override async Task<Verdict> CheckAsync(ChannelBase channel, byte[] request, CallOptions options)
    {
        var message = Parser.ParseFrom(request);
        return judge(message, await call(channel, message, options));
    }
}
