using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.Protocol.Internal;

/// <summary>Answers gRPC requests for services or methods the server does not have with UNIMPLEMENTED.</summary>
internal sealed class UnimplementedCallHandler(GrpcServiceRegistry registry, ILogger logger)
{
    public Task HandleCallAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        if (!GrpcProtocolConstants.IsGrpcContentType(httpContext.Request.ContentType))
        {
            // Not a gRPC request: to anything but a gRPC client this route does not exist.
            response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }

        var service = httpContext.Request.RouteValues["unimplementedService"] as string ?? string.Empty;
        var serviceKnown = registry.IsMapped(service);
        Log.Unimplemented(logger, serviceKnown ? "method" : "service", httpContext.Request.Path);
        response.ContentType = GrpcProtocolConstants.ContentType;
        response.Headers[GrpcProtocolConstants.StatusHeader] = ((int)StatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[GrpcProtocolConstants.MessageHeader] = serviceKnown ? "Method is unimplemented." : "Service is unimplemented.";
        return Task.CompletedTask;
    }
}
