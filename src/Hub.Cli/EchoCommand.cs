using System.CommandLine;
using System.Text;
using Google.Protobuf;
using Hub.Client;
using Hub.V1;

namespace Hub.Cli;

/// <summary><c>hubctl echo TEXT</c>: sends text through the hub's echo RPC and prints what comes back.</summary>
internal static class EchoCommand
{
    public static Command Create()
    {
        var text = new Argument<string>("text") { Description = "What to send" };
        var command = new Command("echo", "Check the connection and credentials: the hub returns what it is sent") { text };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Echo().EchoAsync(new EchoRequest { Payload = ByteString.CopyFromUtf8(parse.GetRequiredValue(text)) },
                HubCommandLine.CallOptions(cancellationToken));
            HubCommandLine.Output(parse).Line(Encoding.UTF8.GetString(response.Payload.Span));
            return 0;
        });
        return command;
    }
}
