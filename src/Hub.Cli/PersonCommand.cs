using System.CommandLine;
using Grpc.Net.Client;
using Hub.Client;
using Hub.V1;

namespace Hub.Cli;

/// <summary>
/// <c>hubctl person register|link|get|access-code</c>: the people an agency supports and which agencies
/// are linked to them, and one-time codes for their own page. An agency sees only people it is
/// linked to; any other id is NOT_FOUND.
/// </summary>
internal static class PersonCommand
{
    public static Command Create() => new("person", "The people the agencies support (as an agency)")
    {
        Register(),
        Link(),
        Get(),
        AccessCode(),
    };

    private static Command Register()
    {
        var birthDate = new Option<string>("--birth-date") { Description = "Date of birth, YYYY-MM-DD", Required = true };
        var localReference = new Option<string>("--local-ref") { Description = "Your own reference for the person, e.g. a case number", DefaultValueFactory = _ => string.Empty };
        var requestId = HubCommandLine.RequestIdOption();
        var command = new Command("register", "Register a person; your agency becomes linked to them") { birthDate, localReference, requestId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.People().RegisterPersonAsync(new RegisterPersonRequest
            {
                BirthDate = parse.GetRequiredValue(birthDate),
                LocalReference = parse.GetRequiredValue(localReference),
                RequestId = parse.GetRequiredValue(requestId),
            },
                HubCommandLine.CallOptions(cancellationToken));
            await PrintAsync(HubCommandLine.Output(parse), channel, response.Person, parse.GetRequiredValue(localReference), cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command Link()
    {
        var personId = new Argument<string>("person-id") { Description = "The person's id" };
        var agency = new Option<string>("--agency") { Description = "The id of the agency to link", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why that agency is involved", Required = true };
        var requestId = HubCommandLine.RequestIdOption();
        var command = new Command("link", "Link another agency to a person your agency is linked to") { personId, agency, reason, requestId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.People().LinkAgencyAsync(new LinkAgencyRequest
            {
                PersonId = parse.GetRequiredValue(personId),
                AgencyId = parse.GetRequiredValue(agency),
                Reason = parse.GetRequiredValue(reason),
                RequestId = parse.GetRequiredValue(requestId),
            },
                HubCommandLine.CallOptions(cancellationToken));
            await PrintAsync(HubCommandLine.Output(parse), channel, response.Person, localReference: null, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command Get()
    {
        var personId = new Argument<string>("person-id") { Description = "The person's id" };
        var command = new Command("get", "Show a person your agency is linked to, with every linked agency") { personId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.People().GetPersonAsync(new GetPersonRequest { PersonId = parse.GetRequiredValue(personId) }, HubCommandLine.CallOptions(cancellationToken));
            await PrintAsync(HubCommandLine.Output(parse), channel, response.Person, response.LocalReference, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command AccessCode()
    {
        var personId = new Argument<string>("person-id") { Description = "The person's id" };
        var command = new Command("access-code", "Issue a one-time code with which the person (or a minor's guardian) signs in to their own page; shown once, valid 15 minutes")
        {
            personId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.People().IssuePersonAccessCodeAsync(new IssuePersonAccessCodeRequest { PersonId = parse.GetRequiredValue(personId) },
                HubCommandLine.CallOptions(cancellationToken));
            HubCommandLine.Output(parse).Fields(
                ("code", response.Code),
                ("for", response.Holder == GrantorRole.LegalGuardian ? "the legal guardian" : "the person"),
                ("valid until", TextOutput.Time(response.ExpiresAt)),
                ("sign in at", CredentialOptions.HttpPortUrl(parse, response.SignInPath).ToString()));
            return 0;
        });
        return command;
    }

    /// <summary>The person and a table of their links, with agencies named from the directory (ids are in <c>agency list</c>).</summary>
    private static async Task PrintAsync(TextOutput output, GrpcChannel channel, Person person, string? localReference, CancellationToken cancellationToken)
    {
        var names = (await AgencyDirectory.ListAsync(channel, cancellationToken)).ToDictionary(agency => agency.AgencyId, agency => agency.Name);
        string Name(string agencyId) => names.GetValueOrDefault(agencyId, agencyId);

        List<(string Label, string Value)> fields = [("person id", person.PersonId), ("birth date", person.BirthDate)];
        if (!string.IsNullOrEmpty(localReference))
        {
            fields.Add(("your reference", localReference));
        }

        fields.Add(("registered", TextOutput.Time(person.CreatedAt)));
        output.Fields([.. fields]);
        output.Line();
        output.Table(
            ["LINKED AGENCY", "LINKED BY", "LINKED AT", "REASON"],
            [.. person.Links.Select(link => new[] { Name(link.AgencyId), Name(link.LinkedByAgencyId), TextOutput.Time(link.LinkedAt), link.Reason })]);
    }
}
