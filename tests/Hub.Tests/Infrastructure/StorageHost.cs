using Hub.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Npgsql;

namespace Hub.Tests.Infrastructure;

/// <summary>A host with the hub's storage and nothing else: its data source exactly as the hub configures it.</summary>
public static class StorageHost
{
    public static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        builder.Services.AddHubStorage(builder.Configuration);
        return builder.Build();
    }

    /// <summary>Starts a storage host, runs <paramref name="test"/> on it, and stops it whatever happened.</summary>
    public static async Task RunAsync(Dictionary<string, string?> settings, Func<IHost, Task> test)
    {
        using var host = Build(settings);
        await host.StartAsync();
        try
        {
            await test(host);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    public static async Task<T> ScalarAsync<T>(this IHost host, string sql)
    {
        await using var command = host.Services.GetRequiredService<NpgsqlDataSource>().CreateCommand(sql);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public static bool IsServing(this IHost host) =>
        host.Services.GetRequiredService<DatabaseHealthMonitor>().CheckHealthAsync(new HealthCheckContext()).Result.Status == HealthStatus.Healthy;
}
