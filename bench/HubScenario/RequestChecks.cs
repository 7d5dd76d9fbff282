using Grpc.Core;
using Grpc.Net.Client;

namespace HubScenario;

/// <summary>
/// Sends each request file once, with the token h2load uses, through Hub.Client: h2load counts any
/// HTTP 200 as a success, and a gRPC error is an HTTP 200 too, so run.sh checks with these before
/// and after the load.
/// </summary>
internal static class RequestChecks
{
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(10);

    public static async Task<bool> RunAsync(ScenarioArguments arguments, ScenarioDirectory directory, IReadOnlyList<BenchRequest> requests, TextWriter log)
    {
        var headers = new Metadata { { "authorization", $"Bearer {directory.ReadToken()}" } };
        using var channel = GrpcChannel.ForAddress(arguments.Address);
        var allPassed = true;
        foreach (var request in requests)
        {
            Verdict verdict;
            try
            {
                verdict = await request.CheckAsync(channel, directory.ReadRequest(request), new CallOptions(headers, DateTime.UtcNow + Deadline));
            }
            catch (RpcException failed)
            {
                verdict = new Verdict(false, $"{failed.StatusCode}: {failed.Status.Detail}");
            }

            allPassed &= verdict.Passed;
            await log.WriteLineAsync($"{(verdict.Passed ? "OK" : "FAIL")} {request.Name} {request.Path}: {verdict.Answer}");
        }

        return allPassed;
    }
}
