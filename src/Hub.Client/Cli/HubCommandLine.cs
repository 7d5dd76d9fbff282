using System.CommandLine;
using Hub.Protocol;

namespace Hub.Client.Cli;

/// <summary>hubctl: the hub's command line for operators and coordinators.</summary>
internal static class HubCommandLine
{
    public const string DefaultAddress = "http://127.0.0.1:5100";

    /// <summary>Room for the first call of a run to fetch its token as well.</summary>
    private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(30);

    /// <summary>The hub's gRPC address; HUB_ADDRESS sets the default.</summary>
    public static Option<string> Address { get; } = new("--address")
    {
        Description = "The hub's gRPC address",
        Recursive = true,
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("HUB_ADDRESS") ?? DefaultAddress,
    };

    /// <summary>A channel to the hub whose calls carry a token when hubctl was given credentials.</summary>
    public static GrpcChannel OpenChannel(ParseResult parse)
    {
        var address = parse.GetRequiredValue(Address);
        return CredentialOptions.Resolve(parse) is { } credentials
            ? HubChannel.Create(new Uri(address, UriKind.Absolute), credentials, CredentialOptions.TokenEndpoint(parse))
            : GrpcChannel.ForAddress(address);
    }

    public static CallOptions CallOptions(CancellationToken cancellationToken) =>
        new(Deadline: DateTime.UtcNow + CallTimeout, CancellationToken: cancellationToken);

    /// <summary>--request-id for a mutating command: repeating a request with the same id returns its first result.</summary>
    public static Option<string> RequestIdOption() => new("--request-id")
    {
        Description = "Makes the request idempotent: a repeat with the same id returns the first result",
        DefaultValueFactory = _ => string.Empty,
    };

    public static RootCommand Build()
    {
        var root = new RootCommand("hubctl: talk to an Interop Hub over gRPC");
        root.Add(Address);
        root.Add(HealthCommand.Create());
        root.Add(EchoCommand.Create());
        root.Add(TokenCommand.Create());
        root.Add(AgencyCommand.Create());
        root.Add(PersonCommand.Create());
        CredentialOptions.AddTo(root);
        return root;
    }
}
