using Grpc.Net.Client;
using Hub.Client;

namespace HubScenario;

/// <summary>An OAuth client of the hub: the operator's, or the one an agency was registered with.</summary>
internal sealed record AgencyCredentials(string ClientId, string ClientSecret)
{
    public const string OperatorClientId = "hub-admin";

    /// <summary>A channel whose calls carry this client's token, fetched once and reused: token requests are deliberately slow (PBKDF2).</summary>
    public GrpcChannel Connect(ScenarioArguments arguments) =>
        HubChannel.Create(arguments.Address, HubClientCredentials.FromSecret(ClientId, ClientSecret), arguments.TokenUrl);
}
