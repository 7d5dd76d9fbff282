using System.Net.Sockets;

namespace Hub.Hosting;

/// <summary>The hub process: built and run as Program.cs asks, with a start that fails for a reason outside the hub (a setting, a directory, a port) told in one line.</summary>
internal static class HubHost
{
    public static async Task<int> RunAsync(string[] args)
    {
        try
        {
            // Settings ship beside the binary, whatever directory the hub is started from.
            var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
            builder.AddHub();
            var app = builder.Build();
            app.MapHub();
            await app.RunAsync();
            return 0;
        }
        catch (Exception failure) when (IsEnvironmental(failure))
        {
            await Console.Error.WriteLineAsync($"The hub could not start: {failure.Message}");
            return 1;
        }
    }

    /// <summary>
    /// What the operator fixes, not the code: a setting the hub refused, a directory or file it can't
    /// use, a port taken. Anything else is a bug and keeps its stack trace.
    /// </summary>
    private static bool IsEnvironmental(Exception failure) =>
        failure is InvalidOperationException or IOException or UnauthorizedAccessException or SocketException;
}
