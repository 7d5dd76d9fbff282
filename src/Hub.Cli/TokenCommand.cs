using System.CommandLine;
using Hub.Client;

namespace Hub.Cli;

/// <summary><c>hubctl token [--scope S] [--raw]</c>: fetches an access token with hubctl's credentials.</summary>
internal static class TokenCommand
{
    public static Command Create()
    {
        var scope = new Option<string?>("--scope") { Description = "Space-separated scopes to ask for; all the client may have by default" };
        var raw = new Option<bool>("--raw") { Description = "Print only the token, e.g. for buf curl -H \"authorization: Bearer $(hubctl token --raw)\"" };
        var command = new Command("token", "Fetch an access token from the token service and describe it") { scope, raw };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var credentials = CredentialOptions.Resolve(parse)
                ?? throw new UsageException("Give --client-id and --client-secret, or --admin-secret-file.");
            var client = new TokenClient(CredentialOptions.TokenEndpoint(parse), credentials);
            var token = await client.RequestTokenAsync(parse.GetValue(scope), cancellationToken);
            var output = HubCommandLine.Output(parse);
            if (parse.GetValue(raw))
            {
                output.Line(token.Value);
                return 0;
            }

            output.Fields(
                ("client id", credentials.ClientId),
                ("token type", token.TokenType),
                ("lifetime", $"{token.Lifetime.TotalSeconds:0} s"),
                ("scopes", string.Join(' ', token.Scopes)));
            return 0;
        });
        return command;
    }
}
