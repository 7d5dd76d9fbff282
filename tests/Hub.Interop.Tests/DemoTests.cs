using System.Globalization;
using Hub.Testing;

namespace Hub.Interop.Tests;

/// <summary>
/// ./run.sh demo plays the story through: scripts/demo.sh with the built hub and hubctl, on free
/// ports, starting and stopping its own hub. The script stops at the first answer the story does not
/// expect, so its exit code covers every step; the lines checked here are the story's turning points.
/// </summary>
public sealed class DemoTests
{
    [Fact]
    public async Task The_demo_plays_through_to_the_intact_audit_chain()
    {
        var (exitCode, output) = await ExternalProgram.RunAsync(
            Path.Combine(RepositoryLayout.Root, "scripts", "demo.sh"),
            [RepositoryLayout.BuiltAssembly("src/Hub", "Hub.dll"), RepositoryLayout.BuiltAssembly("src/Hub.Cli", "hubctl.dll")],
            // About two minutes alone, 80 s of it waiting for the case meeting to start before its outcome
            // is recorded; far more while the other test assemblies load the machine.
            TimeSpan.FromMinutes(7),
            new Dictionary<string, string> { ["HUB_GRPC_PORT"] = FreePortText(), ["HUB_HTTP_PORT"] = FreePortText() });

        Assert.True(exitCode == 0, output);
        var lines = output.Split('\n');
        Assert.Contains(lines, line => line.Contains("(SENSITIVE_CATEGORY_NOT_ACKNOWLEDGED", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("MEDICATION ", StringComparison.Ordinal) && line.EndsWith("CATEGORY_NOT_CONSENTED", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("EMPLOYMENT_STATUS ", StringComparison.Ordinal) && line.EndsWith("CONSENT_REVOKED", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("school checks ", StringComparison.Ordinal) && line.EndsWith("(NOT_FOUND)", StringComparison.Ordinal));
        // The data-tracker table's rows, cell by cell: its columns are as wide as their widest cell, so lines can't be compared whole.
        var cells = lines.Select(line => line.Split("  ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
        Assert.Contains(cells, row => row is [_, "Shinjuku Welfare and Counselling Office", "CONSENT_REVOKED", "EMPLOYMENT_SUPPORT", ..]);
        Assert.Contains("-> sections read: Shinjuku Welfare and Counselling Office: EMPLOYMENT_STATUS,WORKPLACE_ACCOMMODATIONS", lines);
        Assert.Contains(lines, line => line.StartsWith("employment support centre reads ", StringComparison.Ordinal) && line.EndsWith("(CONSENT_REVOKED)", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("school reads ", StringComparison.Ordinal) && line.EndsWith("(NOT_FOUND)", StringComparison.Ordinal));
        Assert.Contains("-> sections read: Shinjuku Welfare and Counselling Office: IDENTITY_BASIC,CRISIS_PLAN; Tokyo Metropolitan Hospital, psychiatry: CRISIS_PLAN", lines);
        Assert.Contains(cells, row => row is [_, "Minami Special Needs School", "DATA_DISCLOSED", "EMERGENCY", "IDENTITY_BASIC, CRISIS_PLAN", var flag]
            && flag.StartsWith("yes: Former pupil came to the school", StringComparison.Ordinal));
        // The meeting story: the school refused by name, the outcome held, the hospital withdrawn from the next meeting.
        Assert.Contains(lines, line => line.StartsWith("error: FailedPrecondition: ", StringComparison.Ordinal) && line.Contains("CONSENT_MISSING_FOR_PARTICIPANTS agency_ids=", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.TrimEnd('\r') == "METHOD:REQUEST");
        Assert.Contains(lines, line => line.StartsWith("status:", StringComparison.Ordinal) && line.Contains("HELD", StringComparison.Ordinal));
        Assert.Contains(cells, row => row is ["Tokyo Metropolitan Hospital, psychiatry", _, "CONSENT_WITHDRAWN", ..]);
        Assert.Contains(cells, row => row is [_, "Tokyo Metropolitan Hospital, psychiatry", "MEETING_DISCLOSED", "CARE_COORDINATION", ..]);
        Assert.Contains("intact:            yes", lines);
        // The person's page: a request waiting for them, and a code to sign in with at the page's address.
        Assert.Contains(lines, line => line.StartsWith("status:", StringComparison.Ordinal) && line.Contains("REQUESTED", StringComparison.Ordinal));
        Assert.Contains(lines, line => line.StartsWith("sign in at:", StringComparison.Ordinal) && line.TrimEnd().EndsWith("/me", StringComparison.Ordinal));
    }

    private static string FreePortText() => FreePort.Next().ToString(CultureInfo.InvariantCulture);
}
