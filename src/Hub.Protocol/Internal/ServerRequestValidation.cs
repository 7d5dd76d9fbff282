using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.Protocol.Internal;

/// <summary>Refuses, with plain HTTP statuses, requests that are not gRPC at all.</summary>
internal static class ServerRequestValidation
{
    public static bool IsAcceptable(HttpContext httpContext, ILogger logger)
    {
        var request = httpContext.Request;
        if (!GrpcProtocolConstants.IsGrpcContentType(request.ContentType))
        {
            Refuse(httpContext, logger, StatusCodes.Status415UnsupportedMediaType, $"Content-Type '{request.ContentType}' is not supported.");
            return false;
        }

        if (!HttpProtocol.IsHttp2(request.Protocol) && !HttpProtocol.IsHttp3(request.Protocol))
        {
            Refuse(httpContext, logger, StatusCodes.Status426UpgradeRequired, $"Request protocol '{request.Protocol}' is not supported: gRPC needs HTTP/2.");
            return false;
        }

        return true;
    }

    private static void Refuse(HttpContext httpContext, ILogger logger, int httpStatus, string reason)
    {
        Log.RequestRefused(logger, httpContext.Request.Path, reason);
        var response = httpContext.Response;
        response.StatusCode = httpStatus;
        response.Headers[GrpcProtocolConstants.StatusHeader] = ((int)StatusCode.Internal).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[GrpcProtocolConstants.MessageHeader] = PercentEncoding.Encode(reason);
    }
}
