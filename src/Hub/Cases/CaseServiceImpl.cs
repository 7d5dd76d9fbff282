using Grpc.Core;
using Hub.Audit;
using Hub.Auth;
using Hub.Consent.Identifiers;
using Hub.Consent;
using Hub.Consents;
using Hub.People;
using Hub.Rpc;
using Hub.Storage;
using Hub.V1;

namespace Hub.Cases;

/// <summary>
/// hub.v1.CaseService: agencies publish their summaries of a person, and read each other's only as far
/// as the person consented (C5). A read's audit record is committed before its answer is sent (A1).
/// </summary>
internal sealed class CaseServiceImpl(
    CaseSummaryStore summaries,
    PersonAccessPolicy access,
    IdempotentRequests idempotent,
    AuditTrail audit,
    AuditAppender disclosures,
    BreakGlassReads breakGlass,
    TimeProvider clock) : CaseService.CaseServiceBase
{
    public override async Task<PublishCaseSummaryResponse> PublishCaseSummary(PublishCaseSummaryRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var cancellationToken = context.CancellationToken;
        var person = await access.RequireLinkAsync(caller, request.PersonId, cancellationToken);
        var sections = CaseSections.Validate(request.Sections);
        return await idempotent.RunAsync(
            caller.Value,
            request.RequestId,
            context.Method,
            PublishCaseSummaryResponse.Parser,
            async (connection, transaction) =>
            {
                var now = clock.GetUtcNow();
                var summary = await CaseSummaryStore.PublishAsync(connection, transaction, person, caller, sections, now, cancellationToken);
                await CaseSummaryNotices.AddAsync(connection, transaction, summary, now, cancellationToken);
                await audit.AppendAsync(connection, transaction,
                [
                    new AuditEntry
                    {
                        Person = person,
                        Accessor = caller,
                        Action = AuditAction.CaseSummaryPublished,
                        Purpose = Hub.Consent.Purpose.Unspecified,
                        Categories = SummaryFilter.Categories([summary]),
                    },
                ], cancellationToken);
                return new PublishCaseSummaryResponse { Summary = summary };
            },
            cancellationToken: cancellationToken);
    }

    public override async Task<GetCaseSummaryResponse> GetCaseSummary(GetCaseSummaryRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var purpose = ConsentMessages.ToEngine(Validate.DefinedEnum(request.Purpose, "purpose"));
        var requested = Validate.Categories(request.Categories, "categories");
        IReadOnlyCollection<AgencyId>? authors = request.AuthorAgencyIds.Count == 0
            ? null
            : Validate.AgencyIdFields(request.AuthorAgencyIds, "author_agency_ids").ToHashSet();
        if (purpose == Hub.Consent.Purpose.Emergency)
        {
            return await breakGlass.ReadAsync(caller, request.PersonId, requested, authors, request.BreakGlassJustification, context.CancellationToken);
        }

        if (request.BreakGlassJustification.Length > 0)
        {
            throw Errors.InvalidField("break_glass_justification", "break_glass_justification goes only with PURPOSE_EMERGENCY.");
        }

        var person = RequestIds.Person(request.PersonId);
        var (reader, current) = await summaries.ReadInputAsync(person, caller, authors, context.CancellationToken);
        if (reader.IsStranger)
        {
            throw Errors.NotFound("Person");
        }

        var consents = new ConsentSet(person, reader.Consents);
        var now = clock.GetUtcNow();
        // Whether the caller may read anything depends on its consents alone, never on what has been written.
        var overall = consents.Decide(new AccessRequest { Recipient = caller, Purpose = purpose, Categories = requested, At = now });
        var ownSummary = current.Any(summary => summary.AuthorAgencyId == caller.Value);
        if (overall.Permitted.IsEmpty && !ownSummary)
        {
            // The person's access view shows attempts refused under their consents too (A2), such as a
            // read after they revoked; the refusal waits for its record like a disclosure would.
            await RecordAsync(new AuditEntry { Person = person, Accessor = caller, Action = AuditAction.ReadRefused, Purpose = purpose, Categories = requested }, context.CancellationToken);
            var reason = overall.ForemostDenial ?? Hub.Consent.DenialReason.NoActiveConsent;
            throw Errors.PermissionDenied($"The person's consents don't let this agency read these categories for {ProtoEnum<V1.Purpose>.Name(request.Purpose)}.", reason.ErrorInfoReason());
        }

        var others = current.Where(summary => summary.AuthorAgencyId != caller.Value).Select(summary => OpaqueId.Parse<AgencyId>(summary.AuthorAgencyId)).ToList();
        var bySource = consents.Decide(new AccessRequest { Recipient = caller, Purpose = purpose, Categories = requested, Sources = others, At = now })
            .PermittedBySource.ToDictionary(permission => permission.Source!.Value.Value);
        var ownCategories = requested.IsEmpty ? CategorySet.All : requested;
        var visible = SummaryFilter.Keep(current, author => author == caller.Value ? ownCategories : bySource[author].Categories);
        var disclosedByOthers = visible.Where(summary => summary.AuthorAgencyId != caller.Value).ToList();

        var recordId = await RecordAsync(new AuditEntry
        {
            Person = person,
            Accessor = caller,
            Action = AuditAction.DataDisclosed,
            Purpose = purpose,
            Categories = SummaryFilter.Categories(disclosedByOthers),
            ConsentIds = [.. disclosedByOthers.SelectMany(summary => bySource[summary.AuthorAgencyId].ConsentIds).Distinct()],
            AuthorAgencies = [.. disclosedByOthers.Select(summary => OpaqueId.Parse<AgencyId>(summary.AuthorAgencyId))],
        }, context.CancellationToken);
        return new GetCaseSummaryResponse
        {
            Summaries = { visible },
            PermittedCategories = { overall.Permitted.Select(ConsentMessages.ToMessage) },
            AccessRecordId = recordId.Value,
        };
    }

    /// <summary>
    /// Waits until the read's audit record is committed; if it can't be, the read fails and discloses
    /// nothing. A call that ends (deadline, client gone) before its record is written gets no record.
    /// </summary>
    private async Task<AccessRecordId> RecordAsync(AuditEntry entry, CancellationToken callEnded)
    {
        try
        {
            return await disclosures.AppendAsync(entry, callEnded);
        }
        catch (Exception exception) when (exception is not OperationCanceledException && !DatabaseFailure.IsUnavailable(exception))
        {
            throw Errors.Unavailable("The read could not be recorded in the audit trail, so nothing was disclosed; try again.", "AUDIT_UNAVAILABLE");
        }
    }
}
