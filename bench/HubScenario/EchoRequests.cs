using Google.Protobuf;
using Hub.Client;
using Hub.V1;

namespace HubScenario;

/// <summary>echo: the baseline, the same stack (authentication included) without any storage.</summary>
internal static class EchoRequests
{
    /// <summary>The size bench/wire measures with.</summary>
    private const int PayloadSize = 64;

    public static BenchRequest Echo { get; } = new BenchRequest<EchoRequest, EchoResponse>(
        "echo",
        EchoService.Descriptor.FindMethodByName("Echo"),
        (channel, request, options) => channel.Echo().EchoAsync(request, options),
        _ => new EchoRequest { Payload = ByteString.CopyFrom([.. Enumerable.Range(0, PayloadSize).Select(i => (byte)('a' + (i % 26)))]) },
        (request, response) => new Verdict(response.Payload == request.Payload, $"{response.Payload.Length}-byte payload returned"));
}
