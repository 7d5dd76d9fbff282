using Hub.Agencies;
using Hub.Audit;
using Hub.Consent.Identifiers;
using Hub.Consents;
using Hub.Meetings;
using Hub.V1;
using Microsoft.Extensions.Options;

namespace Hub.PersonPage;

/// <summary>A consent as the page shows it: its status now and the agencies by name.</summary>
internal sealed record ConsentView(StoredConsent Stored, ConsentStatus Status, AgencyNames Names)
{
    public bool MayWithdraw => Status is ConsentStatus.Active or ConsentStatus.Pending;
}

/// <summary>A consent request as the page shows it.</summary>
internal sealed record RequestView(StoredConsentRequest Request, AgencyNames Names);

/// <summary>An access record as the page shows it.</summary>
internal sealed record AccessView(ChainedRecord Record, AgencyNames Names)
{
    public Actor Actor => Actor.FromStored(Record.AccessorAgencyId);

    public AuditAction Action => (AuditAction)Record.Action;

    public DateTimeOffset OccurredAt => new(ChainedRecord.FromMicroseconds(Record.OccurredAtMicroseconds), TimeSpan.Zero);
}

/// <summary>A meeting about the person, with the agencies by name.</summary>
internal sealed record MeetingView(StoredMeeting Meeting, AgencyNames Names);

/// <summary>The directory names of the agencies a page mentions; an agency gone from the directory shows as its id.</summary>
internal sealed record AgencyNames(IReadOnlyDictionary<string, string> ById)
{
    public string Of(string agencyId) => ById.TryGetValue(agencyId, out var name) ? name : agencyId;

    public string Of(AgencyId agency) => Of(agency.Value);
}

/// <summary>
/// The reads behind the person's page. Every method takes the session's person and finds nothing of
/// anyone else's: another person's consent or record id gives the same null as a made-up one (P3).
/// </summary>
internal sealed class PersonPageData(ConsentStore consents, ConsentRequestStore requests, AuditTrail audit, MeetingStore meetings, AgencyStore agencies, TimeProvider clock, IOptions<PersonPageOptions> options)
{
    private const int MaxConsentsShown = 200;
    private const int MaxMeetingsShown = 50;

    public async Task<IReadOnlyList<ConsentView>> ConsentsAsync(PersonId person, CancellationToken cancellationToken)
    {
        var stored = await consents.ListAsync(person, null, null, MaxConsentsShown, cancellationToken);
        var names = await NamesAsync(stored.SelectMany(AgenciesOf), cancellationToken);
        var now = clock.GetUtcNow();
        return [.. stored.Select(consent => new ConsentView(consent, (ConsentStatus)consent.Record.StatusAt(now), names))];
    }

    /// <summary>The requests the person has yet to answer (C9).</summary>
    public async Task<IReadOnlyList<RequestView>> OpenRequestsAsync(PersonId person, CancellationToken cancellationToken)
    {
        var open = await requests.OpenOfPersonAsync(person, cancellationToken);
        var names = await NamesAsync(open.SelectMany(AgenciesOf), cancellationToken);
        return [.. open.Select(request => new RequestView(request, names))];
    }

    public async Task<RequestView?> RequestAsync(PersonId person, string consentId, CancellationToken cancellationToken)
    {
        if (!OpaqueId.TryParse<ConsentId>(consentId, out var id) || await requests.FindAsync(id, cancellationToken) is not { } request || request.Person != person)
        {
            return null;
        }

        return new RequestView(request, await NamesAsync(AgenciesOf(request), cancellationToken));
    }

    public async Task<ConsentView?> ConsentAsync(PersonId person, string consentId, CancellationToken cancellationToken)
    {
        if (!OpaqueId.TryParse<ConsentId>(consentId, out var id) || await consents.FindAsync(id, cancellationToken) is not { } stored || stored.Grant.Person != person)
        {
            return null;
        }

        return new ConsentView(stored, (ConsentStatus)stored.Record.StatusAt(clock.GetUtcNow()), await NamesAsync(AgenciesOf(stored), cancellationToken));
    }

    /// <summary>A page of the access log, newest first, before record number <paramref name="beforeSeq"/>.</summary>
    public async Task<IReadOnlyList<AccessView>> AccessLogAsync(PersonId person, long? beforeSeq, CancellationToken cancellationToken, int? limit = null) =>
        await ViewsAsync(await audit.ListNewestFirstAsync(person, beforeSeq, limit ?? options.Value.AccessLogPageSize, cancellationToken), cancellationToken);

    /// <summary>What was disclosed under one of the person's consents (A4: each can have its receipt).</summary>
    public async Task<IReadOnlyList<AccessView>> DisclosuresUnderAsync(PersonId person, ConsentId consent, CancellationToken cancellationToken) =>
        await ViewsAsync(await audit.ListNewestFirstAsync(person, null, options.Value.AccessLogPageSize, cancellationToken, AuditAction.DataDisclosed, consent), cancellationToken);

    /// <summary>One disclosure of the person's data, by its record id; null for any other record or person.</summary>
    public async Task<ChainedRecord?> DisclosureAsync(PersonId person, string recordId, CancellationToken cancellationToken) =>
        await audit.FindAsync(person, recordId, cancellationToken) is { Action: (short)AuditAction.DataDisclosed } record ? record : null;

    public async Task<IReadOnlyList<MeetingView>> MeetingsAsync(PersonId person, CancellationToken cancellationToken)
    {
        var found = await meetings.ListOfPersonAsync(person, MaxMeetingsShown, cancellationToken);
        var names = await NamesAsync(found.SelectMany(meeting => meeting.Participants.Select(participant => participant.Agency.Value).Append(meeting.Coordinator.Value)), cancellationToken);
        return [.. found.Select(meeting => new MeetingView(meeting, names))];
    }

    private async Task<IReadOnlyList<AccessView>> ViewsAsync(IReadOnlyList<ChainedRecord> records, CancellationToken cancellationToken)
    {
        var names = await NamesAsync(records.SelectMany(record => record.AuthorAgencyIds.Append(record.AccessorAgencyId)), cancellationToken);
        return [.. records.Select(record => new AccessView(record, names))];
    }

    private static IEnumerable<string> AgenciesOf(StoredConsentRequest request) =>
        request.SourceAgencies.Select(source => source.Value).Append(request.Recipient.Value).Append(request.RequestedBy.Value);

    private static IEnumerable<string> AgenciesOf(StoredConsent consent) =>
        consent.Grant.SourceAgencies.Select(source => source.Value).Append(consent.Grant.Recipient.Value).Append(consent.Grant.RecordedBy.Value);

    private async Task<AgencyNames> NamesAsync(IEnumerable<string> agencyIds, CancellationToken cancellationToken) =>
        new(await agencies.NamesAsync(agencyIds.Distinct(StringComparer.Ordinal), cancellationToken));
}
