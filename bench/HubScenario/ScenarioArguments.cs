using System.Diagnostics.CodeAnalysis;
using System.Globalization;

namespace HubScenario;

/// <summary>The command line; see <see cref="Usage"/>.</summary>
internal sealed record ScenarioArguments(
    string Command, Uri Address, Uri TokenUrl, string OutputDirectory, string? AdminSecretFile, int People, IReadOnlyList<string> Rpcs)
{
    public const string ScheduleLoadCommand = "schedule-load";
    public const string SetupCommand = "setup";
    public const string RenewTokenCommand = "renew-token";
    public const string CheckCommand = "check";
    public const string PageLoadCommand = "page-load";

    public const int DefaultPeople = 300;
    public const int DefaultMeetingPeople = 200;
    public const int DefaultCount = 10_000;
    public const int DefaultInFlight = 64;
    public const int DefaultRecords = 10_000;
    public const int DefaultSessions = 32;
    public const int DefaultSeconds = 20;

    /// <summary>The employment centre's people the meetings are about (setup).</summary>
    public int MeetingPeople { get; init; } = DefaultMeetingPeople;

    /// <summary>How many meetings a schedule-load schedules, and how many calls it keeps in flight.</summary>
    public int Count { get; init; } = DefaultCount;

    public int InFlight { get; init; } = DefaultInFlight;

    /// <summary>page-load: access records to give the person, signed-in sessions loading the page at once, and for how long.</summary>
    public int Records { get; init; } = DefaultRecords;

    public int Sessions { get; init; } = DefaultSessions;

    public int Seconds { get; init; } = DefaultSeconds;

    /// <summary>page-load: the hub's HTTP port, where the person's page is (the token endpoint's origin).</summary>
    public Uri PageOrigin => new(TokenUrl, "/");

    public static readonly string Usage =
        "usage: HubScenario setup|renew-token|check|schedule-load|page-load --address URL --token-url URL --out DIR [options]\n"
        + "  setup        as the operator and the agencies: registers the scenario and its background\n"
        + "               population, writes the recipient's credentials and token and one request file\n"
        + "               per RPC (<rpc>.bin, its path in <rpc>.path) to DIR, then checks every request\n"
        + "      --admin-secret-file FILE   the hub-admin client secret (required)\n"
        + $"      --people N                 people besides the scenario's, each with consents (default {DefaultPeople})\n"
        + $"      --meeting-people N         the employment centre's people for meetings (default {DefaultMeetingPeople})\n"
        + "  renew-token  writes a fresh access token of the recipient to DIR/token\n"
        + "  check        sends each request file once with DIR/token through Hub.Client and checks the answer\n"
        + $"      --rpc NAME                 only this one (repeatable): {string.Join(", ", BenchRequests.All.Select(request => request.Name))}\n"
        + "  schedule-load  schedules meetings as the recipient, each in a slot of its own, and prints\n"
        + "               'requests req/s mean_ms sd_ms max_ms p50_ms p99_ms'\n"
        + $"      --count N                  meetings to schedule (default {DefaultCount})\n"
        + $"      --in-flight N              calls at once (default {DefaultInFlight})\n"
        + "  page-load    the person's page: gives a person of its own RECORDS access records, signs SESSIONS\n"
        + "               sessions in with one-time codes, loads /me/access from all of them at once and\n"
        + "               prints time to first byte and to the full page, p50/p99, for the newest page and a deep one\n"
        + "      --admin-secret-file FILE   the hub-admin client secret (required)\n"
        + $"      --records N  --sessions N  --seconds N   (defaults {DefaultRecords}, {DefaultSessions}, {DefaultSeconds})";

    public static bool TryParse(string[] args, [NotNullWhen(true)] out ScenarioArguments? arguments)
    {
        arguments = null;
        if (args.Length == 0 || args[0] is not (SetupCommand or RenewTokenCommand or CheckCommand or ScheduleLoadCommand or PageLoadCommand) || args.Length % 2 == 0)
        {
            return false;
        }

        var command = args[0];
        Uri? address = null;
        Uri? tokenUrl = null;
        string? outputDirectory = null;
        string? adminSecretFile = null;
        var people = DefaultPeople;
        var meetingPeople = DefaultMeetingPeople;
        var count = DefaultCount;
        var inFlight = DefaultInFlight;
        var (records, sessions, seconds) = (DefaultRecords, DefaultSessions, DefaultSeconds);
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
                case "--admin-secret-file" when command is SetupCommand or PageLoadCommand:
                    adminSecretFile = value;
                    break;
                case "--people" when command == SetupCommand && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedPeople):
                    people = parsedPeople;
                    break;
                case "--meeting-people" when command == SetupCommand && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedMeetingPeople) && parsedMeetingPeople > 0:
                    meetingPeople = parsedMeetingPeople;
                    break;
                case "--count" when command == ScheduleLoadCommand && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedCount) && parsedCount > 0:
                    count = parsedCount;
                    break;
                case "--in-flight" when command == ScheduleLoadCommand && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedInFlight) && parsedInFlight > 0:
                    inFlight = parsedInFlight;
                    break;
                case "--records" when command == PageLoadCommand && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedRecords):
                    records = parsedRecords;
                    break;
                case "--sessions" when command == PageLoadCommand && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedSessions) && parsedSessions > 0:
                    sessions = parsedSessions;
                    break;
                case "--seconds" when command == PageLoadCommand && int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedSeconds) && parsedSeconds > 0:
                    seconds = parsedSeconds;
                    break;
                case "--rpc" when command == CheckCommand && BenchRequests.All.Any(request => request.Name == value):
                    rpcs.Add(value);
                    break;
                default:
                    return false;
            }
        }

        if (address is null || tokenUrl is null || outputDirectory is null || (command is SetupCommand or PageLoadCommand && adminSecretFile is null))
        {
            return false;
        }

        arguments = new ScenarioArguments(command, address, tokenUrl, outputDirectory, adminSecretFile, people, rpcs)
        {
            MeetingPeople = meetingPeople,
            Count = count,
            InFlight = inFlight,
            Records = records,
            Sessions = sessions,
            Seconds = seconds,
        };
        return true;
    }
}
