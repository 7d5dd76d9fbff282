using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Auth;
using Hub.People;
using Hub.Rpc;
using Hub.V1;

namespace Hub.Audit;

/// <summary>hub.v1.AuditService: the person's data-tracker view (A2) and the operator's check of the chain (A3).</summary>
internal sealed class AuditServiceImpl(AuditTrail trail, AuditChainVerifier verifier, PersonAccessPolicy access) : AuditService.AuditServiceBase
{
    public override async Task<ListAccessRecordsResponse> ListAccessRecords(ListAccessRecordsRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var actions = request.Actions.Count == 0 ? null : request.Actions.Select(action => (short)Validate.DefinedEnum(action, "actions")).ToArray();
        var paging = Paging.From(request.PageSize, request.PageToken);
        var afterSeq = paging.AfterNumber;

        var person = await access.RequireLinkAsync(caller, request.PersonId, context.CancellationToken);
        var records = await trail.ListAsync(person, actions, afterSeq, paging.Size, context.CancellationToken);
        return new ListAccessRecordsResponse
        {
            Records = { records.Select(ToMessage) },
            NextPageToken = paging.NextToken(records.Count, records.Count > 0 ? records[^1].Seq : null),
        };
    }

    public override async Task<VerifyAuditChainResponse> VerifyAuditChain(VerifyAuditChainRequest request, ServerCallContext context)
    {
        var report = await verifier.VerifyAsync(context.CancellationToken);
        return new VerifyAuditChainResponse
        {
            Intact = report.IsIntact,
            VerifiedCount = report.VerifiedCount,
            FirstBrokenRecordId = report.FirstBrokenRecordId,
            Problem = report.Problem,
        };
    }

    private static AccessRecord ToMessage(ChainedRecord record)
    {
        var accessor = Actor.FromStored(record.AccessorAgencyId);
        return new AccessRecord
        {
            RecordId = record.RecordId,
            OccurredAt = Timestamp.FromDateTime(record.OccurredAt),
            AccessorAgencyId = accessor.AgencyIdOrEmpty,
            ByPerson = accessor.IsPerson,
            Action = (AuditAction)record.Action,
            Purpose = (Purpose)record.Purpose,
            Categories = { record.Categories.Select(category => (DataCategory)category) },
            ConsentIds = { record.ConsentIds },
            AuthorAgencyIds = { record.AuthorAgencyIds },
            BreakGlass = record.BreakGlass,
            Justification = record.Justification ?? string.Empty,
            MeetingId = record.MeetingId ?? string.Empty,
            EventId = record.EventId ?? string.Empty,
        };
    }
}
