using System.CommandLine;
using Hub.Client;
using Hub.V1;

namespace Hub.Cli;

/// <summary>
/// <c>hubctl agency register|list|get|add-key|rotate-secret|disable</c>: the directory of partner
/// agencies; registering and managing their clients is for the operator (hub-admin).
/// </summary>
internal static class AgencyCommand
{
    public static Command Create() => new("agency", "The directory of partner agencies and their clients")
    {
        Register(),
        List(),
        Get(),
        AddKey(),
        RotateSecret(),
        Disable(),
    };

    private static Command Register()
    {
        var name = new Option<string>("--name") { Description = "The agency's name", Required = true };
        var kind = EnumOptions.One<AgencyKind>("--kind", "What kind of agency it is");
        kind.Required = true;
        var requestId = HubCommandLine.RequestIdOption();
        var command = new Command("register", "Register an agency and its client (operator); prints the client secret once") { name, kind, requestId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Agencies().RegisterAgencyAsync(new RegisterAgencyRequest
            {
                Name = parse.GetRequiredValue(name),
                Kind = parse.GetValue(kind),
                RequestId = parse.GetRequiredValue(requestId),
            },
                HubCommandLine.CallOptions(cancellationToken));
            var secret = response.ClientSecret.Length > 0
                ? $"{response.ClientSecret}  (shown only this once: store it now)"
                : "(not shown: this request id was used before, and the secret is shown only the first time)";
            HubCommandLine.Output(parse).Fields([.. AgencyFields(response.Agency), ("client secret", secret)]);
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var command = new Command("list", "List the agencies in the directory");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var agencies = await AgencyDirectory.ListAsync(channel, cancellationToken);
            HubCommandLine.Output(parse).Table(
                ["AGENCY ID", "KIND", "CLIENT ID", "STATUS", "NAME"],
                [.. agencies.Select(agency => new[] { agency.AgencyId, ProtoEnum<AgencyKind>.ShortName(agency.Kind), agency.ClientId, Status(agency), agency.Name })]);
            return 0;
        });
        return command;
    }

    private static Command Get()
    {
        var agencyId = new Argument<string>("agency-id") { Description = "The agency's id" };
        var command = new Command("get", "Show one agency") { agencyId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Agencies().GetAgencyAsync(new GetAgencyRequest { AgencyId = parse.GetRequiredValue(agencyId) }, HubCommandLine.CallOptions(cancellationToken));
            HubCommandLine.Output(parse).Fields(AgencyFields(response.Agency));
            return 0;
        });
        return command;
    }

    private static Command AddKey()
    {
        var agencyId = new Argument<string>("agency-id") { Description = "The agency's id" };
        var jwkFile = new Option<FileInfo>("--jwk-file") { Description = "The public key as a JWK (EC P-256 or RSA ≥ 2048 bits)", Required = true };
        jwkFile.AcceptExistingOnly();
        var command = new Command("add-key", "Register a public key the agency's client signs private_key_jwt assertions with (operator)") { agencyId, jwkFile };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var jwk = await File.ReadAllTextAsync(parse.GetRequiredValue(jwkFile).FullName, cancellationToken);
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Agencies().AddClientKeyAsync(new AddClientKeyRequest { AgencyId = parse.GetRequiredValue(agencyId), PublicKeyJwk = jwk },
                HubCommandLine.CallOptions(cancellationToken));
            HubCommandLine.Output(parse).Fields(("key id", $"{response.KeyId}  (the kid the client's assertions must carry)"));
            return 0;
        });
        return command;
    }

    private static Command RotateSecret()
    {
        var agencyId = new Argument<string>("agency-id") { Description = "The agency's id" };
        var command = new Command("rotate-secret", "Replace the agency's client secret, e.g. a lost or leaked one (operator)") { agencyId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Agencies().RotateClientSecretAsync(new RotateClientSecretRequest { AgencyId = parse.GetRequiredValue(agencyId) },
                HubCommandLine.CallOptions(cancellationToken));
            HubCommandLine.Output(parse).Fields(
                ("client id", response.ClientId),
                ("client secret", $"{response.ClientSecret}  (shown only this once: store it now; the old secret no longer works)"));
            return 0;
        });
        return command;
    }

    private static Command Disable()
    {
        var agencyId = new Argument<string>("agency-id") { Description = "The agency's id" };
        var reason = new Option<string>("--reason") { Description = "Why, for the record", Required = true };
        var command = new Command("disable", "Disable the agency's client: no new tokens, and the ones it holds stop working (operator)") { agencyId, reason };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Agencies().DisableClientAsync(new DisableClientRequest { AgencyId = parse.GetRequiredValue(agencyId), Reason = parse.GetRequiredValue(reason) },
                HubCommandLine.CallOptions(cancellationToken));
            HubCommandLine.Output(parse).Fields(AgencyFields(response.Agency));
            return 0;
        });
        return command;
    }

    private static (string Label, string Value)[] AgencyFields(Agency agency) =>
    [
        ("agency id", agency.AgencyId),
        ("name", agency.Name),
        ("kind", ProtoEnum<AgencyKind>.ShortName(agency.Kind)),
        ("client id", agency.ClientId),
        ("status", Status(agency)),
        ("created", TextOutput.Time(agency.CreatedAt)),
    ];

    private static string Status(Agency agency) => agency.Disabled ? "disabled" : "active";
}
