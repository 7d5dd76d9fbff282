using System.CommandLine;
using Hub.Protocol;

namespace Hub.Client.Cli;

/// <summary>hubctl: the hub's command line for operators and coordinators.</summary>
internal static class HubCommandLine
{
    public const string DefaultAddress = "http://127.0.0.1:5100";

    /// <summary>The hub's gRPC address; HUB_ADDRESS sets the default.</summary>
    public static Option<string> Address { get; } = new("--address")
    {
        Description = "The hub's gRPC address",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HUB_ADDRESS") ?? DefaultAddress,
    };

    public static GrpcChannel OpenChannel(ParseResult parse) => GrpcChannel.ForAddress(parse.GetRequiredValue(Address));

    public static RootCommand Build()
    {
        var root = new RootCommand("hubctl: talk to an Interop Hub over gRPC");
        root.Add(Address);
        root.Add(HealthCommand.Create());
        root.Add(EchoCommand.Create());
        return root;
    }
}
