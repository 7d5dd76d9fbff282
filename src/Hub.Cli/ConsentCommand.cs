using System.CommandLine;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hub.Client;
using Hub.V1;

namespace Hub.Cli;

/// <summary>
/// <c>hubctl consent grant|request|revoke|get|list|check|receipt</c>: the person's consents, each one
/// recipient, one purpose, a set of data categories and a period (DESIGN.md C1–C7), recorded by an
/// agency linked to the person or asked of the person to approve on their own page (C9); and what a
/// recipient may see under them.
/// </summary>
internal static class ConsentCommand
{
    private static readonly JsonSerializerOptions ReadableJson = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create() => new("consent", "The person's consents and what they let a recipient see (as an agency)")
    {
        Grant(),
        Request(),
        Revoke(),
        Get(),
        List(),
        Check(),
        Receipt(),
    };

    private static Command Grant()
    {
        var person = new Option<string>("--person") { Description = "The person's id", Required = true };
        var recipient = new Option<string>("--recipient") { Description = "The id of the one agency the consent lets see the data", Required = true };
        var purpose = EnumOptions.One<Purpose>("--purpose", "The one purpose the data may be used for");
        purpose.Required = true;
        var categories = EnumOptions.List<DataCategory>("--categories", "The data categories consented to");
        categories.Required = true;
        var acknowledged = EnumOptions.List<DataCategory>(
            "--acknowledge-sensitive", "Each sensitive category of --categories the person consented to separately (DIAGNOSIS, MEDICATION, TRAUMA_HISTORY, SEXUAL_ORIENTATION_GENDER_IDENTITY)");
        var sources = new Option<string>("--sources") { Description = "The agencies whose data the recipient may see, comma-separated ids; every agency when left out" };
        var validFrom = InstantOptions.Create("--valid-from", "When the consent starts; when the hub records it by default");
        var expires = InstantOptions.Create("--expires", "When the consent ends (exclusive; at most 3 years after it starts)");
        expires.Required = true;
        // Left out, these two read UNSPECIFIED (no name parses to it); the defaults are filled in below.
        var grantedBy = EnumOptions.One<GrantorRole>("--granted-by", "Who gave the consent, SUBJECT when left out");
        var method = EnumOptions.One<CollectionMethod>("--method", "How it was given, WRITTEN when left out");
        var evidence = new Option<string>("--evidence") { Description = "Where the signed form or recording is kept, in your agency's terms" };
        var requestId = HubCommandLine.RequestIdOption();
        var command = new Command("grant", "Record a consent the person (or their guardian) gave; your agency must be linked to the person")
        {
            person, recipient, purpose, categories, acknowledged, sources, validFrom, expires, grantedBy, method, evidence, requestId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new GrantConsentRequest
            {
                PersonId = parse.GetRequiredValue(person),
                RecipientAgencyId = parse.GetRequiredValue(recipient),
                Purpose = parse.GetValue(purpose),
                Categories = { parse.GetRequiredValue(categories) },
                SensitiveAcknowledged = { parse.GetValue(acknowledged) ?? [] },
                SourceAgencyIds = { (parse.GetValue(sources) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                ValidFrom = parse.GetValue(validFrom),
                ExpiresAt = parse.GetValue(expires),
                GrantedBy = parse.GetValue(grantedBy) is GrantorRole.Unspecified ? GrantorRole.Subject : parse.GetValue(grantedBy),
                CollectionMethod = parse.GetValue(method) is CollectionMethod.Unspecified ? CollectionMethod.Written : parse.GetValue(method),
                EvidenceReference = parse.GetValue(evidence) ?? string.Empty,
                RequestId = parse.GetRequiredValue(requestId),
            };
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Consents().GrantConsentAsync(request, HubCommandLine.CallOptions(cancellationToken));
            await ConsentOutput.PrintAsync(HubCommandLine.Output(parse), channel, response.Consent, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command Request()
    {
        var person = new Option<string>("--person") { Description = "The person's id", Required = true };
        var recipient = new Option<string>("--recipient") { Description = "The id of the one agency the consent would let see the data", Required = true };
        var purpose = EnumOptions.One<Purpose>("--purpose", "The one purpose the data may be used for");
        purpose.Required = true;
        var categories = EnumOptions.List<DataCategory>("--categories", "The data categories asked for; the person ticks each sensitive one when approving");
        categories.Required = true;
        var sources = new Option<string>("--sources") { Description = "The agencies whose data the recipient may see, comma-separated ids; every agency when left out" };
        var validFrom = InstantOptions.Create("--valid-from", "When the consent starts; when the person approves by default");
        var expires = InstantOptions.Create("--expires", "When the consent ends (exclusive; at most 3 years after it starts)");
        expires.Required = true;
        var explanation = new Option<string>("--explanation") { Description = "Why you ask, in plain words; the person reads it beside the request", Required = true };
        var requestId = HubCommandLine.RequestIdOption();
        var command = new Command("request", "Ask the person for a consent, which they approve or decline on their own page; it permits nothing until then")
        {
            person, recipient, purpose, categories, sources, validFrom, expires, explanation, requestId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var request = new RequestConsentRequest
            {
                PersonId = parse.GetRequiredValue(person),
                RecipientAgencyId = parse.GetRequiredValue(recipient),
                Purpose = parse.GetValue(purpose),
                Categories = { parse.GetRequiredValue(categories) },
                SourceAgencyIds = { (parse.GetValue(sources) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) },
                ValidFrom = parse.GetValue(validFrom),
                ExpiresAt = parse.GetValue(expires),
                Explanation = parse.GetRequiredValue(explanation),
                RequestId = parse.GetRequiredValue(requestId),
            };
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Consents().RequestConsentAsync(request, HubCommandLine.CallOptions(cancellationToken));
            await ConsentOutput.PrintAsync(HubCommandLine.Output(parse), channel, response.Consent, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command Revoke()
    {
        var consentId = ConsentIdArgument();
        var reason = new Option<string>("--reason") { Description = "Why, in a sentence: usually the person's own words", Required = true };
        var requestId = HubCommandLine.RequestIdOption();
        var command = new Command("revoke", "Revoke a consent at once and for good (a linked agency, or the recipient giving it up)") { consentId, reason, requestId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = parse.GetRequiredValue(consentId), Reason = parse.GetRequiredValue(reason), RequestId = parse.GetRequiredValue(requestId) },
                HubCommandLine.CallOptions(cancellationToken));
            await ConsentOutput.PrintAsync(HubCommandLine.Output(parse), channel, response.Consent, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command Get()
    {
        var consentId = ConsentIdArgument();
        var command = new Command("get", "Show one consent, with its status now") { consentId };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Consents().GetConsentAsync(new GetConsentRequest { ConsentId = parse.GetRequiredValue(consentId) }, HubCommandLine.CallOptions(cancellationToken));
            await ConsentOutput.PrintAsync(HubCommandLine.Output(parse), channel, response.Consent, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command List()
    {
        var person = new Option<string>("--person") { Description = "The person's consents; without it, every consent given to your agency" };
        var command = new Command("list", "List consents, newest first") { person };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var consents = await Pages.AllAsync(
                channel.Consents().ListConsentsAsync, new ListConsentsRequest { PersonId = parse.GetValue(person) ?? string.Empty }, page => page.Consents, cancellationToken);
            await ConsentOutput.PrintTableAsync(HubCommandLine.Output(parse), channel, consents, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Command Check()
    {
        var person = new Option<string>("--person") { Description = "The person's id", Required = true };
        var purpose = EnumOptions.One<Purpose>("--purpose", "What your agency would use the data for");
        purpose.Required = true;
        var categories = EnumOptions.List<DataCategory>("--categories", "The categories to ask about; every category when left out");
        var command = new Command("check", "What your agency, as recipient, may see of the person's data for a purpose now, and why the rest is withheld")
        {
            person, purpose, categories,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Consents().CheckAccessAsync(new CheckAccessRequest { PersonId = parse.GetRequiredValue(person), Purpose = parse.GetValue(purpose), Categories = { parse.GetValue(categories) ?? [] } },
                HubCommandLine.CallOptions(cancellationToken));
            var output = HubCommandLine.Output(parse);
            output.Fields(
                ("person", parse.GetRequiredValue(person)),
                ("purpose", ProtoEnum<Purpose>.ShortName(parse.GetValue(purpose))),
                ("permitted", OrNone(TextOutput.Categories(response.PermittedCategories))),
                ("consents", OrNone(string.Join(", ", response.ConsentIds))),
                ("checked at", TextOutput.Time(response.CheckedAt)));
            if (response.Denied.Count > 0)
            {
                output.Line();
                output.Table(
                    ["DENIED", "REASON"],
                    [.. response.Denied.Select(denied => new[] { ProtoEnum<DataCategory>.ShortName(denied.Category), ProtoEnum<DenialReason>.ShortName(denied.Reason) })]);
            }

            return 0;
        });
        return command;
    }

    private static Command Receipt()
    {
        var consentId = ConsentIdArgument();
        var signed = new Option<bool>("--signed") { Description = "Print the receipt as the hub signed it: a compact JWS (ES256) whose header names the key" };
        var command = new Command("receipt", "The consent receipt the hub signs, for the person and the agencies to keep") { consentId, signed };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var channel = HubCommandLine.OpenChannel(parse);
            var response = await channel.Consents().GetConsentReceiptAsync(new GetConsentReceiptRequest { ConsentId = parse.GetRequiredValue(consentId) }, HubCommandLine.CallOptions(cancellationToken));
            var output = HubCommandLine.Output(parse);
            if (parse.GetValue(signed))
            {
                output.Line(response.SignedReceipt);
                return 0;
            }

            output.Line(JsonNode.Parse(response.ReceiptJson)!.ToJsonString(ReadableJson));
            output.Fields(("key id", $"{response.KeyId}  (the hub's key at /.well-known/jwks.json that signed it; --signed prints the signed receipt)"));
            return 0;
        });
        return command;
    }

    private static Argument<string> ConsentIdArgument() => new("consent-id") { Description = "The consent's id" };

    private static string OrNone(string text) => text.Length > 0 ? text : "(none)";
}
