using Grpc.Core;
using Hub.Client;
using HubScenario;

// Sets up and checks the data and requests that bench/hub/run.sh puts under load, through the
// hub's public API only:
//   HubScenario setup       --address URL --token-url URL --out DIR --admin-secret-file FILE [--people N]
//   HubScenario renew-token --address URL --token-url URL --out DIR
//   HubScenario check       --address URL --token-url URL --out DIR [--rpc NAME]...
//   HubScenario schedule-load --address URL --token-url URL --out DIR [--count N] [--in-flight N]
//   HubScenario page-load --address URL --token-url URL --out DIR --admin-secret-file FILE [--records N] [--sessions N] [--seconds N]
if (!ScenarioArguments.TryParse(args, out var arguments))
{
    await Console.Error.WriteLineAsync(ScenarioArguments.Usage);
    return 2;
}

var directory = new ScenarioDirectory(arguments.OutputDirectory);
try
{
    switch (arguments.Command)
    {
        case ScenarioArguments.SetupCommand:
            var subjects = await ScenarioSeeder.SeedAsync(arguments, Console.Out);
            directory.WriteRecipient(subjects.Recipient);
            directory.WriteMeetingSubjects(subjects.Meetings);
            foreach (var request in BenchRequests.All)
            {
                directory.WriteRequest(request, subjects);
            }

            await RecipientToken.RenewAsync(arguments, directory, Console.Out);
            return await RequestChecks.RunAsync(arguments, directory, BenchRequests.All, Console.Out) ? 0 : 1;
        case ScenarioArguments.PageLoadCommand:
            return await PageLoad.RunAsync(arguments, Console.Out, Console.Error) ? 0 : 1;
        case ScenarioArguments.ScheduleLoadCommand:
            return await MeetingLoad.RunAsync(arguments, directory, Console.Out, Console.Error) ? 0 : 1;
        case ScenarioArguments.RenewTokenCommand:
            await RecipientToken.RenewAsync(arguments, directory, Console.Out);
            return 0;
        default:
            return await RequestChecks.RunAsync(arguments, directory, BenchRequests.Named(arguments.Rpcs), Console.Out) ? 0 : 1;
    }
}
catch (Exception exception) when (exception is RpcException or HttpRequestException or TokenRequestException or IOException)
{
    await Console.Error.WriteLineAsync($"HubScenario {arguments.Command} failed: {exception.Message}");
    return 1;
}
