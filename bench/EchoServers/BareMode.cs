using System.Buffers;
using Google.Protobuf;

namespace EchoServers;

/// <summary>
/// The ceiling of the stack: a routed POST endpoint that drains the request body and writes a
/// fixed, prebuilt gRPC reply (one framed EchoResponse, then grpc-status 0 as a trailer). No
/// parsing, no validation, no serialization.
/// </summary>
internal static class BareMode
{
    public static void MapEndpoints(IEndpointRouteBuilder endpoints, ByteString payload)
    {
        var reply = EchoPayload.FramedResponse(payload);
        // A RequestDelegate (not a lambda with parameters), so no minimal-API binding sits in front.
        endpoints.MapPost("/hub.v1.EchoService/Echo", (RequestDelegate)(context => EchoAsync(context, reply)));
    }

    private static async Task EchoAsync(HttpContext context, byte[] reply)
    {
        var reader = context.Request.BodyReader;
        while (true)
        {
            var result = await reader.ReadAsync(context.RequestAborted);
            reader.AdvanceTo(result.Buffer.End);
            if (result.IsCompleted)
            {
                break;
            }
        }

        var response = context.Response;
        response.ContentType = "application/grpc";
        // Not flushed, like a unary reply of grpc-dotnet: Kestrel sends the data and the trailers together.
        response.BodyWriter.Write(reply);
        response.AppendTrailer("grpc-status", "0");
    }
}
