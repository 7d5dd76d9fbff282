using Grpc.Core;
using Hub.Auth;
using Hub.Rpc;
using Hub.Storage;
using Hub.V1;

namespace Hub.Agencies;

/// <summary>hub.v1.AgencyService: the directory of partner agencies and the operator's management of their clients.</summary>
internal sealed class AgencyServiceImpl(AgencyStore agencies, IdempotentRequests idempotent, CallerStatus callerStatus) : AgencyService.AgencyServiceBase
{
    private const int MaxNameLength = 200;

    public override async Task<RegisterAgencyResponse> RegisterAgency(RegisterAgencyRequest request, ServerCallContext context)
    {
        var name = Validate.RequiredText(request.Name, "name", MaxNameLength);
        var kind = Validate.DefinedEnum(request.Kind, "kind");
        var secret = ClientSecretHasher.NewSecret();
        var hash = ClientSecretHasher.Hash(secret);
        return await idempotent.RunAsync(
            context.Caller().ClientId,
            request.RequestId,
            context.Method,
            RegisterAgencyResponse.Parser,
            async (connection, transaction) =>
            {
                var agency = await AgencyStore.InsertAsync(connection, transaction, name, kind, hash, context.CancellationToken);
                return new RegisterAgencyResponse { Agency = agency, ClientId = agency.ClientId, ClientSecret = secret };
            },
            storedAnswer: response => new RegisterAgencyResponse { Agency = response.Agency, ClientId = response.ClientId },
            context.CancellationToken);
    }

    public override async Task<GetAgencyResponse> GetAgency(GetAgencyRequest request, ServerCallContext context) =>
        new() { Agency = await FindAsync(request.AgencyId, context) };

    public override async Task<ListAgenciesResponse> ListAgencies(ListAgenciesRequest request, ServerCallContext context)
    {
        var paging = Paging.From(request.PageSize, request.PageToken);
        var page = await agencies.ListAsync(paging, context.CancellationToken);
        var response = new ListAgenciesResponse { NextPageToken = paging.NextToken(page.Count, page.LastOrDefault()?.AgencyId) };
        response.Agencies.AddRange(page);
        return response;
    }

    public override async Task<AddClientKeyResponse> AddClientKey(AddClientKeyRequest request, ServerCallContext context)
    {
        if (!Jwks.TryParsePublic(request.PublicKeyJwk, out var key, out var problem))
        {
            throw Errors.InvalidField("public_key_jwk", $"public_key_jwk is not a usable public key: {problem}.");
        }

        // The key's own members, not the JSON as sent: whatever else it held is none of the hub's to keep.
        var keyId = await agencies.AddClientKeyAsync(RequestIds.Agency(request.AgencyId).Value, Jwks.ToJson(key!).ToJsonString(), context.CancellationToken);
        return new AddClientKeyResponse { KeyId = keyId ?? throw Errors.NotFound("Agency") };
    }

    public override async Task<RotateClientSecretResponse> RotateClientSecret(RotateClientSecretRequest request, ServerCallContext context)
    {
        var secret = ClientSecretHasher.NewSecret();
        var clientId = await agencies.ReplaceSecretAsync(RequestIds.Agency(request.AgencyId).Value, ClientSecretHasher.Hash(secret), context.CancellationToken)
            ?? throw Errors.NotFound("Agency");
        return new RotateClientSecretResponse { ClientId = clientId, ClientSecret = secret };
    }

    public override async Task<DisableClientResponse> DisableClient(DisableClientRequest request, ServerCallContext context)
    {
        var reason = Validate.RequiredText(request.Reason, "reason", Validate.MaxReasonLength);
        var agencyId = RequestIds.Agency(request.AgencyId).Value;
        var agency = await agencies.DisableAsync(agencyId, reason, context.CancellationToken) ?? throw Errors.NotFound("Agency");
        callerStatus.Forget(agencyId);
        return new DisableClientResponse { Agency = agency };
    }

    private async Task<Agency> FindAsync(string agencyId, ServerCallContext context) =>
        await agencies.FindAsync(RequestIds.Agency(agencyId).Value, context.CancellationToken) ?? throw Errors.NotFound("Agency");
}
