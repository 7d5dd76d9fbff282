using Google.Protobuf;
using Google.Protobuf.Reflection;
using Grpc.Health.V1;
using Hub.Protocol;
using Hub.V1;

namespace Hub.Client;

/// <summary>The hub's RPCs as typed client methods, resolved from the generated descriptors.</summary>
public static class HubMethods
{
    public static Method<HealthCheckRequest, HealthCheckResponse> HealthCheck { get; } =
        Resolve<HealthCheckRequest, HealthCheckResponse>(HealthReflection.Descriptor, "Health", "Check");

    public static Method<EchoRequest, EchoResponse> Echo { get; } =
        Resolve<EchoRequest, EchoResponse>(EchoReflection.Descriptor, "EchoService", "Echo");

    public static Method<RegisterAgencyRequest, RegisterAgencyResponse> RegisterAgency { get; } = Agency<RegisterAgencyRequest, RegisterAgencyResponse>("RegisterAgency");

    public static Method<GetAgencyRequest, GetAgencyResponse> GetAgency { get; } = Agency<GetAgencyRequest, GetAgencyResponse>("GetAgency");

    public static Method<ListAgenciesRequest, ListAgenciesResponse> ListAgencies { get; } = Agency<ListAgenciesRequest, ListAgenciesResponse>("ListAgencies");

    public static Method<AddClientKeyRequest, AddClientKeyResponse> AddClientKey { get; } = Agency<AddClientKeyRequest, AddClientKeyResponse>("AddClientKey");

    public static Method<RotateClientSecretRequest, RotateClientSecretResponse> RotateClientSecret { get; } =
        Agency<RotateClientSecretRequest, RotateClientSecretResponse>("RotateClientSecret");

    public static Method<DisableClientRequest, DisableClientResponse> DisableClient { get; } = Agency<DisableClientRequest, DisableClientResponse>("DisableClient");

    public static Method<RegisterPersonRequest, RegisterPersonResponse> RegisterPerson { get; } = Person<RegisterPersonRequest, RegisterPersonResponse>("RegisterPerson");

    public static Method<LinkAgencyRequest, LinkAgencyResponse> LinkAgency { get; } = Person<LinkAgencyRequest, LinkAgencyResponse>("LinkAgency");

    public static Method<GetPersonRequest, GetPersonResponse> GetPerson { get; } = Person<GetPersonRequest, GetPersonResponse>("GetPerson");

    public static Method<GrantConsentRequest, GrantConsentResponse> GrantConsent { get; } = Consent<GrantConsentRequest, GrantConsentResponse>("GrantConsent");

    public static Method<RevokeConsentRequest, RevokeConsentResponse> RevokeConsent { get; } = Consent<RevokeConsentRequest, RevokeConsentResponse>("RevokeConsent");

    public static Method<GetConsentRequest, GetConsentResponse> GetConsent { get; } = Consent<GetConsentRequest, GetConsentResponse>("GetConsent");

    public static Method<ListConsentsRequest, ListConsentsResponse> ListConsents { get; } = Consent<ListConsentsRequest, ListConsentsResponse>("ListConsents");

    public static Method<CheckAccessRequest, CheckAccessResponse> CheckAccess { get; } = Consent<CheckAccessRequest, CheckAccessResponse>("CheckAccess");

    public static Method<GetConsentReceiptRequest, GetConsentReceiptResponse> GetConsentReceipt { get; } =
        Consent<GetConsentReceiptRequest, GetConsentReceiptResponse>("GetConsentReceipt");

    public static Method<PublishCaseSummaryRequest, PublishCaseSummaryResponse> PublishCaseSummary { get; } =
        Case<PublishCaseSummaryRequest, PublishCaseSummaryResponse>("PublishCaseSummary");

    public static Method<GetCaseSummaryRequest, GetCaseSummaryResponse> GetCaseSummary { get; } = Case<GetCaseSummaryRequest, GetCaseSummaryResponse>("GetCaseSummary");

    public static Method<ListAccessRecordsRequest, ListAccessRecordsResponse> ListAccessRecords { get; } =
        Audit<ListAccessRecordsRequest, ListAccessRecordsResponse>("ListAccessRecords");

    public static Method<VerifyAuditChainRequest, VerifyAuditChainResponse> VerifyAuditChain { get; } =
        Audit<VerifyAuditChainRequest, VerifyAuditChainResponse>("VerifyAuditChain");

    private static Method<TRequest, TResponse> Agency<TRequest, TResponse>(string name)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new() => Resolve<TRequest, TResponse>(AgencyReflection.Descriptor, "AgencyService", name);

    private static Method<TRequest, TResponse> Person<TRequest, TResponse>(string name)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new() => Resolve<TRequest, TResponse>(PersonReflection.Descriptor, "PersonService", name);

    private static Method<TRequest, TResponse> Consent<TRequest, TResponse>(string name)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new() => Resolve<TRequest, TResponse>(ConsentReflection.Descriptor, "ConsentService", name);

    private static Method<TRequest, TResponse> Case<TRequest, TResponse>(string name)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new() => Resolve<TRequest, TResponse>(CaseReflection.Descriptor, "CaseService", name);

    private static Method<TRequest, TResponse> Audit<TRequest, TResponse>(string name)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new() => Resolve<TRequest, TResponse>(AuditReflection.Descriptor, "AuditService", name);

    private static Method<TRequest, TResponse> Resolve<TRequest, TResponse>(FileDescriptor file, string service, string method)
        where TRequest : IMessage<TRequest>
        where TResponse : IMessage<TResponse>, new() =>
        Method<TRequest, TResponse>.From(file.Services.Single(candidate => candidate.Name == service).FindMethodByName(method));
}
