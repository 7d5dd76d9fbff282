using System.CommandLine;
using Hub.Client;
using Hub.V1;

namespace Hub.Cli;

/// <summary>
/// <c>hubctl case publish|get</c>: an agency's case summary of a person, and reading the summaries of
/// the agencies involved as far as the person consented (DESIGN.md C5, R1), or, in danger to life, by
/// breaking the glass (C8).
/// </summary>
internal static class CaseCommand
{
    public static Command Create() => new("case", "Case summaries: what the agencies share about a person, as far as the person consented (as an agency)")
    {
        Publish(),
        Get(),
    };

    private static Command Publish()
    {
        var personId = PersonIdArgument();
        var file = new Option<FileInfo>("--file")
        {
            Description = "A JSON array with one object per section: "
                + CaseSectionsFile.Example
                + "; the category named as --categories takes it, the four texts kept apart: what was observed, your judgement, what will be done, the person's own words",
            HelpName = "summary.json",
            Required = true,
        }.AcceptExistingOnly();
        var requestId = HubCommandLine.RequestIdOption();
        var command = new Command(
            "publish", "Publish your agency's summary of a person it is linked to; it replaces your previous one, which the hub keeps on record")
        {
            personId, file, requestId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new PublishCaseSummaryRequest
            {
                PersonId = parse.GetRequiredValue(personId),
                Sections = { CaseSectionsFile.Read(parse.GetRequiredValue(file)) },
                RequestId = parse.GetRequiredValue(requestId),
            };
            using var channel = HubCommandLine.OpenChannel(parse);
            var summary = (await channel.Cases().PublishCaseSummaryAsync(request, HubCommandLine.CallOptions(cancellationToken))).Summary;
            var names = await AgencyNames.LookUpAsync(channel, [summary.AuthorAgencyId], cancellationToken);
            CaseOutput.Print(HubCommandLine.Output(parse), summary, names);
            return 0;
        });
        return command;
    }

    private static Command Get()
    {
        var personId = PersonIdArgument();
        var purpose = EnumOptions.One<Purpose>("--purpose", "What your agency will use the summaries for (required unless --break-glass)");
        var categories = EnumOptions.List<DataCategory>("--categories", "The categories to read; every category you may see when left out");
        var authors = new Option<string>("--authors") { Description = "Only these authors' summaries, comma-separated agency ids; every author when left out" };
        var breakGlass = new Option<string>("--break-glass")
        {
            Description = "Danger to life only (self-harm, harm to others, abuse): read IDENTITY_BASIC and CRISIS_PLAN without consent, with purpose EMERGENCY. "
                + "JUSTIFICATION says why, in at least 20 characters; the read is flagged in the audit trail and every agency linked to the person is told",
            HelpName = "justification",
        };
        var command = new Command(
            "get", "Read the person's current summaries: per author, only the sections your consents for the purpose cover; your own summary in full")
        {
            personId, purpose, categories, authors, breakGlass,
        };
        // Break-glass is its own purpose, and EMERGENCY means nothing without the written reason, so the two go together.
        command.Validators.Add(result =>
        {
            var given = result.GetValue(purpose);
            if (result.GetValue(breakGlass) is null)
            {
                if (given is Purpose.Unspecified)
                {
                    result.AddError("--purpose is required (or, in danger to life, --break-glass JUSTIFICATION).");
                }
                else if (given is Purpose.Emergency)
                {
                    result.AddError("--purpose EMERGENCY is a break-glass read: give --break-glass JUSTIFICATION instead.");
                }
            }
            else if (given is not (Purpose.Unspecified or Purpose.Emergency))
            {
                result.AddError($"--break-glass reads with purpose EMERGENCY, not {ProtoEnum<Purpose>.ShortName(given)}: leave --purpose out.");
            }
        });
        command.SetAction(async (parse, cancellationToken) =>
        {
            var justification = parse.GetValue(breakGlass);
            var request = new GetCaseSummaryRequest
            {
                PersonId = parse.GetRequiredValue(personId),
                Purpose = justification is null ? parse.GetValue(purpose) : Purpose.Emergency,
                Categories = { parse.GetValue(categories) ?? [] },
                AuthorAgencyIds = { (parse.GetValue(authors) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                BreakGlassJustification = justification ?? string.Empty,
            };
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Cases().GetCaseSummaryAsync(request, HubCommandLine.CallOptions(cancellationToken));
            var names = await AgencyNames.LookUpAsync(channel, response.Summaries.Select(summary => summary.AuthorAgencyId), cancellationToken);
            var output = HubCommandLine.Output(parse);
            foreach (var summary in response.Summaries)
            {
                CaseOutput.Print(output, summary, names);
                output.Line();
            }

            if (response.Summaries.Count == 0)
            {
                // Neutral on purpose: the hub does not say whether anything was withheld (C5), so neither does hubctl.
                output.Line("(no summary sections you may read)");
                output.Line();
            }

            output.Fields(
                ("purpose", ProtoEnum<Purpose>.ShortName(request.Purpose)),
                ("permitted categories", response.PermittedCategories.Count > 0 ? TextOutput.Categories(response.PermittedCategories) : "(none)"),
                ("access record", response.AccessRecordId));
            return 0;
        });
        return command;
    }

    private static Argument<string> PersonIdArgument() => new("person-id") { Description = "The person's id" };
}
