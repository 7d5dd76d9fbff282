using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Agencies;
using Hub.Auth;
using Hub.Consent.Identifiers;
using Hub.Consent;
using Hub.People;
using Hub.Rpc;
using Hub.Storage;
using Hub.V1;

namespace Hub.Consents;

/// <summary>
/// hub.v1.ConsentService: recording, revoking and reading the person's consents, and deciding what a
/// recipient may see. Decisions read committed consents from PostgreSQL on every call (C3); every
/// change commits together with its audit record and its outbox event (A1).
/// </summary>
internal sealed class ConsentServiceImpl(
    ConsentStore consents,
    ConsentRequestStore requests,
    PersonStore people,
    AgencyStore agencies,
    PersonAccessPolicy access,
    IdempotentRequests idempotent,
    ConsentChanges changes,
    ConsentReceipts receipts,
    ConsentPolicy policy,
    TimeProvider clock) : ConsentService.ConsentServiceBase
{
    private const int MaxEvidenceReferenceLength = 200;

    public override async Task<GrantConsentResponse> GrantConsent(GrantConsentRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var cancellationToken = context.CancellationToken;
        var person = await access.RequireLinkAsync(caller, request.PersonId, cancellationToken);
        var now = StoredPrecision.Of(clock.GetUtcNow());
        var grant = GrantRequests.ToGrant(request, person, caller, now);
        var birthDate = await people.BirthDateAsync(person, cancellationToken) ?? throw Errors.NotFound("Person");
        if (GrantValidator.Validate(grant, birthDate, policy) is [var violation, ..])
        {
            throw ConsentRefusals.GrantRefused(violation, policy);
        }

        var evidence = Validate.OptionalText(request.EvidenceReference, "evidence_reference", MaxEvidenceReferenceLength);
        await RequireAgenciesAsync(grant, cancellationToken);

        return await idempotent.RunAsync(
            caller.Value,
            request.RequestId,
            context.Method,
            GrantConsentResponse.Parser,
            async (connection, transaction) =>
            {
                var stored = new StoredConsent(new ConsentRecord(OpaqueId.New<ConsentId>(), grant, now), evidence, null, null);
                await ConsentStore.InsertAsync(connection, transaction, stored, cancellationToken);
                var consent = await changes.RecordAsync(connection, transaction, stored, caller, AuditAction.ConsentGranted, now, cancellationToken);
                return new GrantConsentResponse { Consent = consent };
            },
            cancellationToken: cancellationToken);
    }

    public override async Task<RequestConsentResponse> RequestConsent(RequestConsentRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var cancellationToken = context.CancellationToken;
        var person = await access.RequireLinkAsync(caller, request.PersonId, cancellationToken);
        var now = StoredPrecision.Of(clock.GetUtcNow());
        var birthDate = await people.BirthDateAsync(person, cancellationToken) ?? throw Errors.NotFound("Person");
        // Whoever will answer: the person, or their guardian while they are a minor (C6) — as the code they sign in with says.
        var holder = PersonAccessCodes.HolderFor(birthDate, now, policy);
        var grant = GrantRequests.ToGrant(request, person, caller, holder, now);
        if (GrantValidator.Validate(grant, birthDate, policy) is [var violation, ..])
        {
            throw ConsentRefusals.GrantRefused(violation, policy);
        }

        var explanation = Validate.RequiredText(request.Explanation, "explanation", Validate.MaxReasonLength);
        await RequireAgenciesAsync(grant, cancellationToken);
        return await idempotent.RunAsync(
            caller.Value,
            request.RequestId,
            context.Method,
            RequestConsentResponse.Parser,
            async (connection, transaction) =>
            {
                var draft = GrantRequests.ToDraft(grant, startsOnApproval: request.ValidFrom is null, explanation, now);
                await ConsentRequestStore.InsertAsync(connection, transaction, draft, cancellationToken);
                await changes.RecordRequestAsync(connection, transaction, draft, caller, AuditAction.ConsentRequested, now, cancellationToken);
                return new RequestConsentResponse { Consent = ConsentMessages.ToMessage(draft) };
            },
            cancellationToken: cancellationToken);
    }

    public override async Task<RevokeConsentResponse> RevokeConsent(RevokeConsentRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var cancellationToken = context.CancellationToken;
        var id = RequestIds.Consent(request.ConsentId);
        var reason = Validate.RequiredText(request.Reason, "reason", Validate.MaxReasonLength);
        return await idempotent.RunAsync(
            caller.Value,
            request.RequestId,
            context.Method,
            RevokeConsentResponse.Parser,
            async (connection, transaction) =>
            {
                // Locked until commit, so two revocations of one consent can't both succeed.
                var stored = await ConsentStore.FindAsync(connection, transaction, id, cancellationToken);
                if (stored is null || !await PersonAccessPolicy.MaySeeAsync(connection, transaction, caller, stored, cancellationToken))
                {
                    throw Errors.NotFound("Consent");
                }

                var consent = await changes.RevokeAsync(connection, transaction, stored, caller, reason, cancellationToken);
                return new RevokeConsentResponse { Consent = consent };
            },
            cancellationToken: cancellationToken);
    }

    /// <summary>A consent, or a consent request (C9) not yet approved: an approved request is its consent, under the same id.</summary>
    public override async Task<GetConsentResponse> GetConsent(GetConsentRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var cancellationToken = context.CancellationToken;
        var id = RequestIds.Consent(request.ConsentId);
        if (await consents.FindAsync(id, cancellationToken) is { } stored)
        {
            return await access.MaySeeAsync(caller, stored, cancellationToken)
                ? new GetConsentResponse { Consent = ConsentMessages.ToMessage(stored, clock.GetUtcNow()) }
                : throw Errors.NotFound("Consent");
        }

        // A request is the business of the person's own agencies only: its recipient learns of the person when it is approved.
        return await requests.FindAsync(id, cancellationToken) is { } draft && await access.IsLinkedAsync(caller, draft.Person, cancellationToken)
            ? new GetConsentResponse { Consent = ConsentMessages.ToMessage(draft) }
            : throw Errors.NotFound("Consent");
    }

    public override async Task<ListConsentsResponse> ListConsents(ListConsentsRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var paging = Paging.From(request.PageSize, request.PageToken);
        PersonId? person = null;
        AgencyId? recipient = caller;
        if (request.PersonId.Length > 0)
        {
            var (found, linked) = await access.RequireLinkOrConsentAsync(caller, request.PersonId, context.CancellationToken);
            person = found;
            recipient = linked ? null : caller;
        }

        var now = clock.GetUtcNow();
        // Each entry with its list order: creation time, then id (Paging.TimeKey's), as both tables page.
        var page = (await consents.ListAsync(person, recipient, paging.After, paging.Size, context.CancellationToken))
            .Select(consent => (Consent: ConsentMessages.ToMessage(consent, now), At: consent.Record.RecordedAt, Id: consent.Id.Value))
            .ToList();
        if (person is { } linkedPerson && recipient is null)
        {
            // The person's own agencies see the requests not (yet) approved among their consents, in the same order (C9).
            var drafts = await requests.UnapprovedOfPersonAsync(linkedPerson, paging.After, paging.Size, context.CancellationToken);
            page = [.. page.Concat(drafts.Select(draft => (Consent: ConsentMessages.ToMessage(draft), At: draft.CreatedAt, Id: draft.Id.Value)))
                .OrderByDescending(entry => entry.At).ThenByDescending(entry => entry.Id, StringComparer.Ordinal)
                .Take(paging.Size)];
        }

        return new ListConsentsResponse
        {
            Consents = { page.Select(entry => entry.Consent) },
            NextPageToken = paging.NextToken(page.Count, page.Count > 0 ? Paging.TimeKey(page[^1].At, page[^1].Id) : null),
        };
    }

    public override async Task<CheckAccessResponse> CheckAccess(CheckAccessRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var purpose = ConsentMessages.ToEngine(Validate.DefinedEnum(request.Purpose, "purpose"));
        var categories = Validate.Categories(request.Categories, "categories");
        var person = RequestIds.Person(request.PersonId);

        var input = await consents.DecisionInputAsync(person, caller, context.CancellationToken);
        if (input.IsStranger)
        {
            throw Errors.NotFound("Person");
        }

        var now = clock.GetUtcNow();
        var decision = new ConsentSet(person, input.Consents).Decide(new AccessRequest { Recipient = caller, Purpose = purpose, Categories = categories, At = now });
        return new CheckAccessResponse
        {
            PermittedCategories = { decision.Permitted.Select(ConsentMessages.ToMessage) },
            Denied = { decision.Denied.Select(denied => new DeniedCategory { Category = ConsentMessages.ToMessage(denied.Key), Reason = ConsentMessages.ToMessage(denied.Value) }) },
            ConsentIds = { decision.ConsentIds.Select(id => id.Value) },
            CheckedAt = Timestamp.FromDateTimeOffset(now),
        };
    }

    public override async Task<GetConsentReceiptResponse> GetConsentReceipt(GetConsentReceiptRequest request, ServerCallContext context)
    {
        var stored = await FindVisibleAsync(context.Caller().RequireAgency(), request.ConsentId, context.CancellationToken);
        return await receipts.IssueAsync(stored, context.CancellationToken);
    }

    private async Task RequireAgenciesAsync(ConsentGrant grant, CancellationToken cancellationToken)
    {
        if (await GrantRequests.FirstNotEnabledAsync(grant, agencies, cancellationToken) is { } missing)
        {
            throw Errors.InvalidField(missing.Field, $"{missing.Field} names {missing.Agency}, which is no enabled agency of the directory.");
        }
    }

    private async Task<StoredConsent> FindVisibleAsync(AgencyId caller, string consentId, CancellationToken cancellationToken)
    {
        var stored = await consents.FindAsync(RequestIds.Consent(consentId), cancellationToken);
        return stored is not null && await access.MaySeeAsync(caller, stored, cancellationToken) ? stored : throw Errors.NotFound("Consent");
    }

}
