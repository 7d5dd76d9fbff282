namespace HubScenario;

/// <summary>Every RPC the benchmark can put under load; bench/hub/run.sh names them in RPCS.</summary>
internal static class BenchRequests
{
    public static IReadOnlyList<BenchRequest> All { get; } = [EchoRequests.Echo, ConsentRequests.CheckAccess, CaseRequests.GetCaseSummary, MeetingRequests.ListMeetings, HealthRequests.Check];

    /// <summary>The named ones, or all when none is named.</summary>
    public static IReadOnlyList<BenchRequest> Named(IReadOnlyList<string> names) =>
        names.Count == 0 ? All : [.. names.Select(name => All.Single(request => request.Name == name))];
}
