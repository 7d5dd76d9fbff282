using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HubScenario;

/// <summary>The command line; see <see cref="Usage"/>.</summary>
internal sealed record ScenarioArguments(
    string Command, Uri Address, Uri TokenUrl, string OutputDirectory, string? AdminSecretFile, int People, IReadOnlyList<string> Rpcs)
{
    public const string SetupCommand = "setup";
    public const string RenewTokenCommand = "renew-token";
    public const string CheckCommand = "check";

    public const int DefaultPeople = 300;

    public static readonly string Usage =
        "usage: HubScenario setup|renew-token|check --address URL --token-url URL --out DIR [options]\n"
        + "  setup        as the operator and the agencies: registers the scenario and its background\n"
        + "               population, writes the recipient's credentials and token and one request file\n"
        + "               per RPC (<rpc>.bin, its path in <rpc>.path) to DIR, then checks every request\n"
        + "      --admin-secret-file FILE   the hub-admin client secret (required)\n"
        + $"      --people N                 people besides the scenario's, each with consents (default {DefaultPeople})\n"
        + "  renew-token  writes a fresh access token of the recipient to DIR/token\n"
        + "  check        sends each request file once with DIR/token through Hub.Client and checks the answer\n"
        + $"      --rpc NAME                 only this one (repeatable): {string.Join(", ", BenchRequests.All.Select(request => request.Name))}";

    public static bool TryParse(string[] args, [NotNullWhen(true)] out ScenarioArguments? arguments)
    {
        arguments = null;
        if (args.Length == 0 || args[0] is not (SetupCommand or RenewTokenCommand or CheckCommand) || args.Length % 2 == 0)
        {
            return false;
        }

        var command = args[0];
        Uri? address = null;
        Uri? tokenUrl = null;
        string? outputDirectory = null;
        string? adminSecretFile = null;
        var people = DefaultPeople;
        var rpcs = new List<string>();
        for (var i = 1; i < args.Length; i += 2)
        {
            var value = args[i + 1];
            switch (args[i])
            {
                case "--address" when Uri.TryCreate(value, UriKind.Absolute, out var parsedAddress):
                    address = parsedAddress;
                    break;
                case "--token-url" when Uri.TryCreate(value, UriKind.Absolute, out var parsedTokenUrl):
                    tokenUrl = parsedTokenUrl;
                    break;
                case "--out":
                    outputDirectory = value;
                    break;
                case "--admin-secret-file" when command == SetupCommand:
                    adminSecretFile = value;
                    break;
                case "--people" when command == SetupCommand && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count):
                    people = count;
                    break;
                case "--rpc" when command == CheckCommand && BenchRequests.All.Any(request => request.Name == value):
                    rpcs.Add(value);
                    break;
                default:
                    return false;
            }
        }

        if (address is null || tokenUrl is null || outputDirectory is null || (command == SetupCommand && adminSecretFile is null))
        {
            return false;
        }

        arguments = new ScenarioArguments(command, address, tokenUrl, outputDirectory, adminSecretFile, people, rpcs);
        return true;
    }
}
