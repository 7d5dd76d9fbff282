using System.CommandLine;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Hub.Client;

namespace Hub.Cli;

/// <summary><c>hubctl health [--service NAME] [--wait SECONDS]</c>: prints the serving status.</summary>
internal static class HealthCommand
{
    public static Command Create()
    {
        var service = new Option<string>("--service") { Description = "A service name; empty for the whole hub", DefaultValueFactory = _ => string.Empty };
        var wait = new Option<int>("--wait") { Description = "Keep asking for this many seconds until the hub is SERVING", DefaultValueFactory = _ => 0 };
        var command = new Command("health", "Print the hub's serving status (exit 0 only when SERVING)") { service, wait };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var until = DateTime.UtcNow.AddSeconds(parse.GetValue(wait));
            while (true)
            {
                var status = await CheckAsync(channel, parse.GetValue(service)!, cancellationToken);
                if (status == "SERVING" || DateTime.UtcNow >= until)
                {
                    HubCommandLine.Output(parse).Line(status);
                    return status == "SERVING" ? 0 : 1;
                }

                await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
            }
        });
        return command;
    }

    private static async Task<string> CheckAsync(GrpcChannel channel, string service, CancellationToken cancellationToken)
    {
        try
        {
            var response = await channel.Health().CheckAsync(new HealthCheckRequest { Service = service },
                new CallOptions(deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: cancellationToken));
            return response.Status switch
            {
                HealthCheckResponse.Types.ServingStatus.Serving => "SERVING",
                HealthCheckResponse.Types.ServingStatus.NotServing => "NOT_SERVING",
                var other => other.ToString().ToUpperInvariant(),
            };
        }
        catch (RpcException exception)
        {
            return $"{exception.StatusCode}: {exception.Status.Detail}";
        }
    }
}
