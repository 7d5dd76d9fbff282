using System.Diagnostics;
using Hub.Reliability.Tests.Infrastructure;
using Hub.Testing;
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

    [Fact]
    public async Task A_start_the_environment_refuses_is_told_in_one_line_without_a_stack_trace()
    {
        // A data directory that is a file: the embedded cluster has nowhere to live.
        var notADirectory = Path.GetTempFileName();
        try
        {
            var start = new ProcessStartInfo("dotnet", [RepositoryLayout.BuiltAssembly("src/Hub", "Hub.dll")])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            start.Environment["HUB_DATA_DIR"] = notADirectory;
            start.Environment["HUB_GRPC_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["HUB_HTTP_PORT"] = FreePort.Next().ToString(System.Globalization.CultureInfo.InvariantCulture);
            using var hub = Process.Start(start)!;
            var output = hub.StandardOutput.ReadToEndAsync();
            var errors = hub.StandardError.ReadToEndAsync();
            await hub.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));

            var told = (await errors).Split('\n', StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(1, hub.ExitCode);
            Assert.StartsWith("The hub could not start: ", Assert.Single(told), StringComparison.Ordinal);
            Assert.DoesNotContain("   at ", await output + string.Join('\n', told), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(notADirectory);
        }
    }
}
