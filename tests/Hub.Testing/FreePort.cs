using System.Net;
using System.Net.Sockets;

namespace Hub.Testing;

/// <summary>Loopback ports for servers the tests start.</summary>
public static class FreePort
{
    /// <summary>
    /// A port nothing listens on right now. Another process could take it before the server binds
    /// it; on a test machine that is rare enough that a failed bind is reported, not retried.
    /// </summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
