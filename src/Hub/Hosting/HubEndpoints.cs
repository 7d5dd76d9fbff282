namespace Hub.Hosting;

/// <summary>Where the hub listens: <c>Hub:GrpcPort</c> and <c>Hub:HttpPort</c>, or their short aliases HUB_GRPC_PORT and HUB_HTTP_PORT.</summary>
internal sealed record HubEndpoints(int GrpcPort, int HttpPort)
{
    public const int DefaultGrpcPort = 5100;
    public const int DefaultHttpPort = 5101;

    public static HubEndpoints From(IConfiguration configuration) => new(
        Port(configuration, "Hub:GrpcPort", "HUB_GRPC_PORT", DefaultGrpcPort),
        Port(configuration, "Hub:HttpPort", "HUB_HTTP_PORT", DefaultHttpPort));

    private static int Port(IConfiguration configuration, string key, string alias, int fallback)
    {
        var text = HubSettings.Get(configuration, key, alias);
        if (text is null)
        {
            return fallback;
        }

        return int.TryParse(text, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is >= 0 and <= 65535
            ? port
            : throw new InvalidOperationException($"{key} ({alias}) must be a port number, not '{text}'.");
    }
}
