using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Hub.Protocol.Internal;

/// <summary>
/// Answers gRPC requests that no mapped RPC took with UNIMPLEMENTED. It runs after endpoint routing
/// found nothing, rather than as a catch-all route, so successful calls don't pay for matching it.
/// </summary>
internal sealed class UnimplementedCallHandler(GrpcServiceRegistry registry, ILoggerFactory loggerFactory) : IStartupFilter
{
    private readonly ILogger _logger = loggerFactory.CreateLogger("Hub.Protocol.Server");

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        next(app);
        app.Use((context, nextMiddleware) => IsGrpcCall(context.Request) ? AnswerAsync(context) : nextMiddleware(context));
    };

    private static bool IsGrpcCall(HttpRequest request) =>
        HttpMethods.IsPost(request.Method) && GrpcProtocolConstants.IsGrpcContentType(request.ContentType);

    private Task AnswerAsync(HttpContext context)
    {
        // The path is /package.Service/Method; anything else names no service at all.
        var path = context.Request.Path.Value ?? string.Empty;
        var slash = path.IndexOf('/', 1);
        var serviceKnown = slash > 1 && registry.IsMapped(path[1..slash]);
        Log.Unimplemented(_logger, serviceKnown ? "method" : "service", path);
        var response = context.Response;
        response.ContentType = GrpcProtocolConstants.ContentType;
        response.Headers[GrpcProtocolConstants.StatusHeader] = ((int)StatusCode.Unimplemented).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[GrpcProtocolConstants.MessageHeader] = serviceKnown ? "Method is unimplemented." : "Service is unimplemented.";
        return Task.CompletedTask;
    }
}
