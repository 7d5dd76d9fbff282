using Hub.Client;

namespace HubScenario;

/// <summary>
/// The recipient's access token for h2load's authorization header. Tokens live minutes (Hub:Auth:TokenLifetimeSeconds),
/// so run.sh renews it before each RPC's runs rather than relying on the one from setup.
/// </summary>
internal static class RecipientToken
{
    public static async Task RenewAsync(ScenarioArguments arguments, ScenarioDirectory directory, TextWriter log)
    {
        var recipient = directory.ReadRecipient();
        using var http = new HttpClient();
        var token = await new TokenClient(http, arguments.TokenUrl, HubClientCredentials.FromSecret(recipient.ClientId, recipient.ClientSecret)).RequestTokenAsync();
        directory.WriteToken(token.Value, token.ExpiresAt);
        await log.WriteLineAsync($"token of {recipient.ClientId}: {token}");
    }
}
