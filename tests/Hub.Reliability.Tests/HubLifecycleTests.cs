using Hub.Reliability.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Reliability.Tests;

/// <summary>Starting and stopping the hub as a service manager does.</summary>
public sealed class HubLifecycleTests
{
    [Fact]
    public async Task A_normal_stop_exits_cleanly_and_logs_no_error()
    {
        await using var session = await HubSession.StartAsync();
        var agency = await session.RegisterAgencyAsync("Lifecycle Welfare Office", AgencyKind.Welfare);
        // Connections in the pool, so stopping has something to close.
        await session.Wire.CallAsync<ListAgenciesResponse>("/hub.v1.AgencyService/ListAgencies", new ListAgenciesRequest(), agency.Token);
        await session.Wire.CallAsync<RegisterPersonResponse>("/hub.v1.PersonService/RegisterPerson", new RegisterPersonRequest { BirthDate = "1995-06-30" }, agency.Token);

        var exitCode = await session.Hub.StopAsync();

        Assert.Equal(0, exitCode);
        Assert.True(session.Hub.ErrorEntries.Count == 0, $"The stop logged errors:\n{string.Join('\n', session.Hub.ErrorEntries)}");
    }
}
