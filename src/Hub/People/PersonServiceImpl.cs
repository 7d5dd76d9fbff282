using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Audit;
using Hub.Consent;
using Hub.Agencies;
using Hub.Auth;
using Hub.Consent.Identifiers;
using Hub.Rpc;
using Hub.Storage;
using Hub.V1;

namespace Hub.People;

/// <summary>hub.v1.PersonService: registering the people the agencies support, and linking agencies to them.</summary>
internal sealed class PersonServiceImpl(
    PersonStore people,
    AgencyStore agencies,
    PersonAccessPolicy access,
    IdempotentRequests idempotent,
    AuditTrail audit,
    ConsentPolicy consentPolicy,
    TimeProvider clock) : PersonService.PersonServiceBase
{
    private const int MaxLocalReferenceLength = 100;

    public override async Task<RegisterPersonResponse> RegisterPerson(RegisterPersonRequest request, ServerCallContext context)
    {
        var agency = context.Caller().RequireAgency();
        var birthDate = Validate.PastDate(request.BirthDate, "birth_date", DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime));
        var localReference = Validate.OptionalText(request.LocalReference, "local_reference", MaxLocalReferenceLength);
        return await idempotent.RunAsync(
            agency.Value,
            request.RequestId,
            context.Method,
            RegisterPersonResponse.Parser,
            async (connection, transaction) =>
            {
                var (person, created) = await PersonStore.InsertAsync(connection, transaction, agency, birthDate, localReference, context.CancellationToken);
                if (!created)
                {
                    // The agency's own reference: telling it which person holds it reveals nothing new.
                    throw Errors.AlreadyExists(
                        "This agency already registered a person under that local_reference.",
                        "PERSON_ALREADY_REGISTERED",
                        new Dictionary<string, string> { ["person_id"] = person.Value });
                }

                return new RegisterPersonResponse { Person = await PersonStore.FindAsync(connection, transaction, person, context.CancellationToken) };
            },
            cancellationToken: context.CancellationToken);
    }

    public override async Task<LinkAgencyResponse> LinkAgency(LinkAgencyRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var person = await access.RequireLinkAsync(caller, request.PersonId, context.CancellationToken);
        var reason = Validate.RequiredText(request.Reason, "reason", Validate.MaxReasonLength);
        if (!OpaqueId.TryParse<AgencyId>(request.AgencyId, out var agency) || await agencies.FindAsync(agency.Value, context.CancellationToken) is not { } target)
        {
            throw Errors.InvalidField("agency_id", "agency_id names no agency in the directory.");
        }

        if (target.Disabled)
        {
            throw Errors.InvalidField("agency_id", "That agency's client is disabled; it can't be linked to anyone.");
        }

        return await idempotent.RunAsync(
            caller.Value,
            request.RequestId,
            context.Method,
            LinkAgencyResponse.Parser,
            async (connection, transaction) =>
            {
                await PersonStore.LinkAsync(connection, transaction, person, agency, reason, caller, context.CancellationToken);
                return new LinkAgencyResponse { Person = await PersonStore.FindAsync(connection, transaction, person, context.CancellationToken) };
            },
            cancellationToken: context.CancellationToken);
    }

    public override async Task<GetPersonResponse> GetPerson(GetPersonRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var person = await access.RequireLinkAsync(caller, request.PersonId, context.CancellationToken);
        return new GetPersonResponse
        {
            Person = await people.FindAsync(person, context.CancellationToken) ?? throw Errors.NotFound("Person"),
            LocalReference = await people.LocalReferenceAsync(person, caller, context.CancellationToken) ?? string.Empty,
        };
    }

    public override async Task<IssuePersonAccessCodeResponse> IssuePersonAccessCode(IssuePersonAccessCodeRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var cancellationToken = context.CancellationToken;
        var person = await access.RequireLinkAsync(caller, request.PersonId, cancellationToken);
        var birthDate = await people.BirthDateAsync(person, cancellationToken) ?? throw Errors.NotFound("Person");
        var now = StoredPrecision.Of(clock.GetUtcNow());
        var holder = PersonAccessCodes.HolderFor(birthDate, now, consentPolicy);
        // No request_id: a code is shown once, so a repeated call issues another rather than storing this one.
        return await idempotent.RunAsync(
            caller.Value,
            string.Empty,
            context.Method,
            IssuePersonAccessCodeResponse.Parser,
            async (connection, transaction) =>
            {
                var code = await PersonAccessCodes.IssueAsync(connection, transaction, person, holder, caller, now, cancellationToken);
                await audit.AppendAsync(connection, transaction,
                [
                    new AuditEntry
                    {
                        Person = person,
                        Accessor = caller,
                        Action = AuditAction.AccessCodeIssued,
                        Purpose = Consent.Purpose.Unspecified,
                        Categories = CategorySet.Empty,
                    },
                ], cancellationToken);
                return new IssuePersonAccessCodeResponse
                {
                    Code = code,
                    ExpiresAt = Timestamp.FromDateTimeOffset(now + PersonAccessCodes.Lifetime),
                    Holder = (V1.GrantorRole)holder,
                    SignInPath = PersonAccessCodes.SignInPath,
                };
            },
            cancellationToken: cancellationToken);
    }
}
