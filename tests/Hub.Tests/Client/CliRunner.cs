using Hub.Cli;
using Hub.Tests.Infrastructure;

namespace Hub.Tests.Client;

/// <summary>
/// The real hubctl command line run in this process against a test hub, as an agency or as the
/// operator, with its output and errors captured. Every run names its address, token endpoint and
/// credentials, so nothing comes from the environment.
/// </summary>
internal sealed class CliRunner(HubServer hub)
{
    public Task<CliResult> AsAsync(TestAgency agency, params string[] args) =>
        RunAsync([.. args, "--client-id", agency.ClientId, "--client-secret", agency.ClientSecret]);

    public async Task<CliResult> AsOperatorAsync(params string[] args)
    {
        var secretFile = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(secretFile, HubServer.AdminSecret);
            return await RunAsync([.. args, "--admin-secret-file", secretFile]);
        }
        finally
        {
            File.Delete(secretFile);
        }
    }

    public async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await HubCommandLine.InvokeAsync(
            [.. args, "--address", hub.GrpcAddress.ToString(), "--token-url", hub.TokenEndpoint.ToString()], output, error);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>What a hubctl run printed, and how it ended.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public IReadOnlyList<string> Lines => Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The value of the output's one "label:  value" line.</summary>
    public string Field(string label) => Lines.Single(line => line.StartsWith(label + ":", StringComparison.Ordinal))[(label.Length + 1)..].Trim();

    /// <summary>The table row whose first cell is <paramref name="firstCell"/>, split into its cells.</summary>
    public string[] Row(string firstCell) =>
        Lines.Select(line => line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Single(cells => cells[0] == firstCell);

    /// <summary>For assertion messages: everything the run printed.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- output\n{Output}--- error\n{Error}";
}
