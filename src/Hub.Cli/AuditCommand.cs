using System.CommandLine;
using Hub.Client;
using Hub.V1;

namespace Hub.Cli;

/// <summary>
/// <c>hubctl audit records|verify</c>: the person's data-tracker view (DESIGN.md A2), for any agency
/// linked to them, and the operator's check that the hash-chained audit trail is intact (A3).
/// </summary>
internal static class AuditCommand
{
    public static Command Create() => new("audit", "The audit trail: who did what with a person's data")
    {
        Records(),
        Verify(),
    };

    private static Command Records()
    {
        var person = new Option<string>("--person") { Description = "The person's id", Required = true };
        var command = new Command("records", "The person's data-tracker view: every consent change and disclosure, oldest first (a linked agency)") { person };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var records = await Pages.AllAsync(
                channel.Audit().ListAccessRecordsAsync, new ListAccessRecordsRequest { PersonId = parse.GetRequiredValue(person) }, page => page.Records, cancellationToken);
            var names = await AgencyNames.LookUpAsync(channel, records.Select(record => record.AccessorAgencyId), cancellationToken);
            HubCommandLine.Output(parse).Table(
                ["TIME", "AGENCY", "ACTION", "PURPOSE", "CATEGORIES", "CONSENTS", "BREAK-GLASS"],
                [.. records.Select(record => new[]
                {
                    TextOutput.Time(record.OccurredAt),
                    names.Name(record.AccessorAgencyId),
                    ProtoEnum<AuditAction>.ShortName(record.Action),
                    // A publication serves no purpose of its own; "UNSPECIFIED" there would read like a gap in the record.
                    record.Purpose is Purpose.Unspecified ? string.Empty : ProtoEnum<Purpose>.ShortName(record.Purpose),
                    // A refused read that asked for no particular category asked for all of them.
                    record.Action is AuditAction.ReadRefused && record.Categories.Count == 0 ? "(all asked)"
                        // A meeting discloses that the person's case is discussed, and with whom, not a category of their data.
                        : record.Action is AuditAction.MeetingDisclosed ? $"(meeting {record.MeetingId})"
                        : TextOutput.Categories(record.Categories),
                    string.Join(", ", record.ConsentIds),
                    record.BreakGlass ? $"yes: {record.Justification}" : string.Empty,
                })]);
            return 0;
        });
        return command;
    }

    private static Command Verify()
    {
        var command = new Command("verify", "Recompute the audit chain and report the first altered record (operator); exit 1 when it is broken");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Audit().VerifyAuditChainAsync(new VerifyAuditChainRequest(), HubCommandLine.CallOptions(cancellationToken));
            List<(string Label, string Value)> fields = [("intact", response.Intact ? "yes" : "no"), ("verified records", $"{response.VerifiedCount}")];
            if (!response.Intact)
            {
                fields.Add(("first broken record", response.FirstBrokenRecordId));
                fields.Add(("problem", response.Problem));
            }

            HubCommandLine.Output(parse).Fields([.. fields]);
            return response.Intact ? 0 : 1;
        });
        return command;
    }
}
