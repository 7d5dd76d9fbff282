using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using Grpc.Core;
using Grpc.Net.Client;
using Hub.Client;

namespace Hub.Cli;

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

    /// <summary>Where the command prints its answer: the invocation's output.</summary>
    public static TextOutput Output(ParseResult parse) => new(parse.InvocationConfiguration.Output);

    public static CallOptions CallOptions(CancellationToken cancellationToken) =>
        new(deadline: DateTime.UtcNow + CallTimeout, cancellationToken: cancellationToken);

    /// <summary>--request-id for a mutating command: repeating a request with the same id returns its first result.</summary>
    public static Option<string> RequestIdOption() => new("--request-id")
    {
        Description = "Makes the request idempotent: a repeat with the same id returns the first result",
        DefaultValueFactory = _ => string.Empty,
    };

    /// <summary>
    /// Runs hubctl with <paramref name="args"/>, printing answers to <paramref name="output"/> and errors
    /// to <paramref name="error"/>. The exit code is the command's own (0 on success), 1 when the hub or
    /// the token service said no, 2 when the command line is wrong or asks for something hubctl can't do.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        var configuration = new InvocationConfiguration { EnableDefaultExceptionHandler = false, Output = output, Error = error };
        try
        {
            var parse = Build().Parse(args);
            if (parse.Action is ParseErrorAction parseError)
            {
                // The errors alone, each naming the option and what it takes; the whole help would bury them.
                parseError.ShowHelp = false;
                await parse.InvokeAsync(configuration, cancellationToken);
                await error.WriteLineAsync($"(see: {string.Join(' ', ["hubctl", .. CommandPath(parse.CommandResult), "--help"])})");
                return 2;
            }

            return await parse.InvokeAsync(configuration, cancellationToken);
        }
        catch (RpcException exception)
        {
            // A failed call is an answer, not a crash: say what the hub said.
            await error.WriteLineAsync($"error: {exception.StatusCode}: {exception.Status.Detail}{Reason(exception.GetErrorInfo())}");
            return 1;
        }
        catch (UsageException exception)
        {
            await error.WriteLineAsync($"error: {exception.Message}");
            return 2;
        }
        catch (Exception exception) when (exception is TokenRequestException or HttpRequestException or IOException or UnauthorizedAccessException)
        {
            // The token service said no, or could not be reached, or a file named on the command line could not be read.
            await error.WriteLineAsync($"error: {exception.Message}");
            return 1;
        }
    }

    public static RootCommand Build()
    {
        var root = new RootCommand("hubctl: talk to an Interop Hub over gRPC");
        root.Add(Address);
        root.Add(HealthCommand.Create());
        root.Add(EchoCommand.Create());
        root.Add(TokenCommand.Create());
        root.Add(AgencyCommand.Create());
        root.Add(PersonCommand.Create());
        root.Add(ConsentCommand.Create());
        root.Add(CaseCommand.Create());
        root.Add(MeetingCommand.Create());
        root.Add(AuditCommand.Create());
        root.Add(EventsCommand.Create());
        CredentialOptions.AddTo(root);
        return root;
    }

    /// <summary>The names of the commands from the root's first subcommand down to <paramref name="command"/>.</summary>
    private static IEnumerable<string> CommandPath(CommandResult command) =>
        command.Parent is CommandResult parent ? [.. CommandPath(parent), command.Command.Name] : [];

    /// <summary>" (REASON field=…)": the ErrorInfo reason a partner system would act on, and what it names.</summary>
    private static string Reason(Google.Rpc.ErrorInfo? info) =>
        info is null
            ? string.Empty
            : $" ({string.Join(' ', info.Metadata.OrderBy(entry => entry.Key, StringComparer.Ordinal).Select(entry => $"{entry.Key}={entry.Value}").Prepend(info.Reason))})";
}
