using Hub.Auth.Jwt;
using Hub.Auth;
using Hub.Consent.Identifiers;
using Hub.Protocol;
using Hub.Rpc;
using Hub.Storage;
using Hub.V1;
using ServiceDescriptor = Google.Protobuf.Reflection.ServiceDescriptor;

namespace Hub.Agencies;

/// <summary>hub.v1.AgencyService: the directory of partner agencies and the operator's management of their clients.</summary>
internal sealed class AgencyService(AgencyStore agencies, IdempotentRequests idempotent, CallerStatus callerStatus) : IGrpcService
{
    private const int MaxNameLength = 200;

    public ServiceDescriptor Descriptor => AgencyReflection.Descriptor.Services.Single(service => service.Name == "AgencyService");

    public void Bind(ServiceBinder binder) => binder
        .Unary<RegisterAgencyRequest, RegisterAgencyResponse>("RegisterAgency", RegisterAgencyAsync)
        .Unary<GetAgencyRequest, GetAgencyResponse>("GetAgency", GetAgencyAsync)
        .Unary<ListAgenciesRequest, ListAgenciesResponse>("ListAgencies", ListAgenciesAsync)
        .Unary<AddClientKeyRequest, AddClientKeyResponse>("AddClientKey", AddClientKeyAsync)
        .Unary<RotateClientSecretRequest, RotateClientSecretResponse>("RotateClientSecret", RotateClientSecretAsync)
        .Unary<DisableClientRequest, DisableClientResponse>("DisableClient", DisableClientAsync);

    private async Task<RegisterAgencyResponse> RegisterAgencyAsync(RegisterAgencyRequest request, ServerCallContext context)
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

    private async Task<GetAgencyResponse> GetAgencyAsync(GetAgencyRequest request, ServerCallContext context) =>
        new() { Agency = await FindAsync(request.AgencyId, context) };

    private async Task<ListAgenciesResponse> ListAgenciesAsync(ListAgenciesRequest request, ServerCallContext context)
    {
        var paging = Paging.From(request.PageSize, request.PageToken);
        var page = await agencies.ListAsync(paging, context.CancellationToken);
        var response = new ListAgenciesResponse { NextPageToken = paging.NextToken(page.Count, page.LastOrDefault()?.AgencyId) };
        response.Agencies.AddRange(page);
        return response;
    }

    private async Task<AddClientKeyResponse> AddClientKeyAsync(AddClientKeyRequest request, ServerCallContext context)
    {
        if (!PublicJwk.TryParse(request.PublicKeyJwk, out var key, out var problem))
        {
            throw Errors.InvalidField("public_key_jwk", $"public_key_jwk is not a usable public key: {problem}.");
        }

        // The key's own members, not the JSON as sent: whatever else it held is none of the hub's to keep.
        var keyId = await agencies.AddClientKeyAsync(ValidAgencyId(request.AgencyId), key!.ToJson().ToJsonString(), context.CancellationToken);
        return new AddClientKeyResponse { KeyId = keyId ?? throw Errors.NotFound("Agency") };
    }

    private async Task<RotateClientSecretResponse> RotateClientSecretAsync(RotateClientSecretRequest request, ServerCallContext context)
    {
        var secret = ClientSecretHasher.NewSecret();
        var clientId = await agencies.ReplaceSecretAsync(ValidAgencyId(request.AgencyId), ClientSecretHasher.Hash(secret), context.CancellationToken)
            ?? throw Errors.NotFound("Agency");
        return new RotateClientSecretResponse { ClientId = clientId, ClientSecret = secret };
    }

    private async Task<DisableClientResponse> DisableClientAsync(DisableClientRequest request, ServerCallContext context)
    {
        var reason = Validate.RequiredText(request.Reason, "reason", Validate.MaxReasonLength);
        var agencyId = ValidAgencyId(request.AgencyId);
        var agency = await agencies.DisableAsync(agencyId, reason, context.CancellationToken) ?? throw Errors.NotFound("Agency");
        callerStatus.Forget(agencyId);
        return new DisableClientResponse { Agency = agency };
    }

    private async Task<Agency> FindAsync(string agencyId, ServerCallContext context) =>
        await agencies.FindAsync(ValidAgencyId(agencyId), context.CancellationToken) ?? throw Errors.NotFound("Agency");

    /// <summary>A malformed id names no agency, so it is answered as one that doesn't exist.</summary>
    private static string ValidAgencyId(string agencyId) =>
        OpaqueId.TryParse<AgencyId>(agencyId, out var id) ? id.Value : throw Errors.NotFound("Agency");
}
