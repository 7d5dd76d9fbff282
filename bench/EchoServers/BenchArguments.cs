using System.Globalization;

namespace EchoServers;

/// <summary>The command line: <c>--mode grpc|bare --port N [--payload-size 64] [--hosting-diagnostics on|off]</c>.</summary>
internal sealed record BenchArguments(string Mode, int Port, int PayloadSize, bool HostingDiagnostics)
{
    public const string GrpcMode = "grpc";
    public const string BareMode = "bare";

    public const string Usage =
        "usage: EchoServers --mode grpc|bare --port N [--payload-size 64] [--hosting-diagnostics on|off]\n"
        + "  grpc:     the hub's gRPC server (grpc-dotnet) serving hub.v1.EchoService/Echo (echoes the payload)\n"
        + "  bare:     a MapPost endpoint that drains the request and writes a fixed framed EchoResponse\n"
        + "  --port 0 picks a free port; the server prints 'LISTENING <port>' once serving on 127.0.0.1\n"
        + "  --hosting-diagnostics off: no per-request Activity and log scope from ASP.NET Core hosting (default on)";

    public static bool TryParse(string[] args, out BenchArguments arguments)
    {
        arguments = new BenchArguments(string.Empty, -1, EchoPayload.DefaultSize, HostingDiagnostics: true);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            var value = args[i + 1];
            arguments = args[i] switch
            {
                "--mode" => arguments with { Mode = value },
                "--port" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var port) => arguments with { Port = port },
                "--payload-size" when int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var size) => arguments with { PayloadSize = size },
                "--hosting-diagnostics" when value is "on" or "off" => arguments with { HostingDiagnostics = value == "on" },
                _ => arguments with { Mode = string.Empty },
            };
        }

        return args.Length % 2 == 0
            && arguments.Mode is GrpcMode or BareMode
            && arguments.Port is >= 0 and <= 65535;
    }
}
