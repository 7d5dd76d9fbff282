namespace Hub.Hosting;

/// <summary>Where the hub listens, from HUB_* environment variables or the <c>Hub</c> configuration section.</summary>
internal sealed record HubEndpoints(int GrpcPort, int HttpPort)
{
    public const int DefaultGrpcPort = 5100;
    public const int DefaultHttpPort = 5101;

    public static HubEndpoints From(IConfiguration configuration) => new(
        Port(configuration, "HUB_GRPC_PORT", "Hub:GrpcPort", DefaultGrpcPort),
        Port(configuration, "HUB_HTTP_PORT", "Hub:HttpPort", DefaultHttpPort));

    private static int Port(IConfiguration configuration, string environmentKey, string key, int fallback)
    {
        var text = configuration[environmentKey] ?? configuration[key];
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new InvalidOperationException($"{environmentKey} / {key} must be a port number, not '{text}'.");
    }
}
