using Grpc.Core;
using Hub.Agencies;
using Hub.Audit;
using Hub.Auth;
using Hub.Consent;
using Hub.Consent.Identifiers;
using Hub.Events;
using Hub.People;
using Hub.Rpc;
using Hub.Storage;
using Hub.V1;
using Microsoft.Extensions.Options;
using Npgsql;
using NodaTime;
using Purpose = Hub.Consent.Purpose;

namespace Hub.Meetings;

/// <summary>
/// Joint case meetings (M1–M6). A meeting is the business of its coordinator and participants: to
/// any other agency its id names nothing (NOT_FOUND, as for a made-up id).
/// </summary>
internal sealed class MeetingServiceImpl(
    MeetingStore meetings,
    MeetingPages pages,
    PersonAccessPolicy access,
    AgencyStore agencies,
    IdempotentRequests idempotent,
    AuditTrail audit,
    ConsentPolicy consentPolicy,
    IOptions<MeetingOptions> options,
    TimeProvider clock) : MeetingService.MeetingServiceBase
{
    public const string ConsentMissingReason = "CONSENT_MISSING_FOR_PARTICIPANTS";
    public const string ConflictReason = "MEETING_CONFLICT";
    private const int MaxCommentLength = 500;

    public override async Task<ScheduleMeetingResponse> ScheduleMeeting(ScheduleMeetingRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var cancellationToken = context.CancellationToken;
        var person = await access.RequireLinkAsync(caller, request.PersonId, cancellationToken);
        var now = StoredPrecision.Of(clock.GetUtcNow());
        var zone = MeetingRules.Zone(request.TimeZone, options.Value.DefaultTimeZone);
        var duration = MeetingRules.Duration(request.DurationMinutes, MeetingRules.DefaultDurationMinutes);
        var start = StoredPrecision.Of(MeetingRules.Start(request.StartTime, now));
        var (location, onlineUrl) = MeetingRules.Venue(request);
        var invited = MeetingRules.Participants(request.Participants, caller);
        var agenda = MeetingRules.Agenda(request.Agenda, !request.HasPersonWishesFirst || request.PersonWishesFirst, duration);
        var decisions = MeetingRules.DecisionsWanted(request.DecisionsWanted);
        var meeting = new StoredMeeting
        {
            Id = OpaqueId.New<MeetingId>(),
            Person = person,
            Coordinator = caller,
            Status = MeetingStatus.Scheduled,
            Sequence = 0,
            StartsAt = start,
            EndsAt = start.AddMinutes(duration),
            TimeZone = zone.Id,
            Location = location,
            OnlineUrl = onlineUrl,
            PersonAttends = !request.HasPersonAttends || request.PersonAttends,
            Participants = [.. invited.Select(invitation => new StoredParticipant(invitation.Agency, invitation.Role, ParticipationStatus.NeedsAction, string.Empty, null))],
            Agenda = agenda,
            DecisionsWanted = decisions,
            CreatedAt = now,
        };

        return await NoOverlapAsync(() => meeting, async () => await idempotent.RunAsync(
            caller.Value,
            request.RequestId,
            context.Method,
            ScheduleMeetingResponse.Parser,
            async (connection, transaction) =>
            {
                var consents = await RequireConsentsAsync(connection, transaction, meeting, now, cancellationToken);
                await MeetingStore.InsertAsync(connection, transaction, meeting, cancellationToken);
                await DiscloseAsync(connection, transaction, meeting, consents, new HubEvent { MeetingScheduled = MeetingMessages.Notice(meeting) }, now, cancellationToken);
                return new ScheduleMeetingResponse { Meeting = MeetingMessages.ToMessage(meeting, caller) };
            },
            cancellationToken: cancellationToken), cancellationToken);
    }

    public override async Task<GetMeetingResponse> GetMeeting(GetMeetingRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var meeting = await FindVisibleAsync(caller, request.MeetingId, context.CancellationToken);
        return new GetMeetingResponse { Meeting = MeetingMessages.ToMessage(meeting, caller) };
    }

    public override async Task<ListMeetingsResponse> ListMeetings(ListMeetingsRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var paging = Paging.From(request.PageSize, request.PageToken);
        // Filtering by a person the caller has no meeting about gives an empty page, as for a made-up id.
        PersonId? person = request.PersonId.Length > 0 ? RequestIds.Person(request.PersonId) : null;
        var startAfter = Validate.OptionalInstant(request.StartAfter, "start_after");
        return await pages.ListAsync(caller, person, startAfter, paging, context.CancellationToken);
    }

    public override async Task<RespondToInvitationResponse> RespondToInvitation(RespondToInvitationRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var cancellationToken = context.CancellationToken;
        var id = RequestIds.Meeting(request.MeetingId);
        var answer = MeetingRules.Answer(request.Status);
        var comment = Validate.OptionalText(request.Comment, "comment", MaxCommentLength) ?? string.Empty;
        return await idempotent.RunAsync(
            caller.Value,
            request.RequestId,
            context.Method,
            RespondToInvitationResponse.Parser,
            async (connection, transaction) =>
            {
                var meeting = await LockVisibleAsync(connection, transaction, caller, id, cancellationToken);
                var self = meeting.Participant(caller)
                    ?? throw Errors.FailedPrecondition("The coordinator convenes the meeting and answers no invitation to it.", "NOT_A_PARTICIPANT");
                if (self.Status == ParticipationStatus.ConsentWithdrawn)
                {
                    throw Withdrawn();
                }

                RequireScheduled(meeting);
                var now = StoredPrecision.Of(clock.GetUtcNow());
                await MeetingStore.RespondAsync(connection, transaction, id, caller, answer, comment, now, cancellationToken);
                var answered = meeting with
                {
                    Participants = [.. meeting.Participants.Select(participant => participant.Agency == caller ? participant with { Status = answer, Comment = comment, RespondedAt = now } : participant)],
                };
                return new RespondToInvitationResponse { Meeting = MeetingMessages.ToMessage(answered, caller) };
            },
            cancellationToken: cancellationToken);
    }

    public override async Task<RescheduleMeetingResponse> RescheduleMeeting(RescheduleMeetingRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var cancellationToken = context.CancellationToken;
        var id = RequestIds.Meeting(request.MeetingId);
        var now = StoredPrecision.Of(clock.GetUtcNow());
        var start = StoredPrecision.Of(MeetingRules.Start(request.StartTime, now));
        StoredMeeting? moved = null;
        return await NoOverlapAsync(() => moved, async () => await idempotent.RunAsync(
            caller.Value,
            request.RequestId,
            context.Method,
            RescheduleMeetingResponse.Parser,
            async (connection, transaction) =>
            {
                var meeting = await LockCoordinatedAsync(connection, transaction, caller, id, cancellationToken);
                RequireScheduled(meeting);
                var zone = request.TimeZone.Length == 0 ? DateTimeZoneProviders.Tzdb[meeting.TimeZone] : MeetingRules.Zone(request.TimeZone, options.Value.DefaultTimeZone);
                var duration = MeetingRules.Duration(request.DurationMinutes, meeting.DurationMinutes);
                var agendaMinutes = meeting.Agenda.Sum(item => item.Minutes);
                if (agendaMinutes > duration)
                {
                    throw Errors.InvalidField("duration_minutes", $"The agenda takes {agendaMinutes} minutes, more than {duration}.");
                }

                moved = meeting with { StartsAt = start, EndsAt = start.AddMinutes(duration), TimeZone = zone.Id, Sequence = meeting.Sequence + 1 };
                var consents = await RequireConsentsAsync(connection, transaction, moved, now, cancellationToken);
                await MeetingStore.RescheduleAsync(connection, transaction, id, moved.StartsAt, moved.EndsAt, moved.TimeZone, cancellationToken);
                moved = moved with
                {
                    Participants = [.. meeting.Participants.Select(participant => participant.Status == ParticipationStatus.ConsentWithdrawn
                        ? participant
                        : participant with { Status = ParticipationStatus.NeedsAction, Comment = string.Empty, RespondedAt = null })],
                };
                await DiscloseAsync(connection, transaction, moved, consents, new HubEvent { MeetingRescheduled = MeetingMessages.Notice(moved) }, now, cancellationToken);
                return new RescheduleMeetingResponse { Meeting = MeetingMessages.ToMessage(moved, caller) };
            },
            cancellationToken: cancellationToken), cancellationToken);
    }

    public override async Task<CancelMeetingResponse> CancelMeeting(CancelMeetingRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var cancellationToken = context.CancellationToken;
        var id = RequestIds.Meeting(request.MeetingId);
        var reason = Validate.RequiredText(request.Reason, "reason", Validate.MaxReasonLength);
        return await idempotent.RunAsync(
            caller.Value,
            request.RequestId,
            context.Method,
            CancelMeetingResponse.Parser,
            async (connection, transaction) =>
            {
                var meeting = await LockCoordinatedAsync(connection, transaction, caller, id, cancellationToken);
                RequireScheduled(meeting);
                var now = StoredPrecision.Of(clock.GetUtcNow());
                await MeetingStore.CancelAsync(connection, transaction, id, reason, cancellationToken);
                var cancelled = meeting with { Status = MeetingStatus.Cancelled, CancellationReason = reason, Sequence = meeting.Sequence + 1 };
                var consents = await StandingConsentsAsync(connection, transaction, cancelled, now, cancellationToken);
                await DiscloseAsync(connection, transaction, cancelled, consents, new HubEvent { MeetingCancelled = MeetingMessages.Notice(cancelled) }, now, cancellationToken);
                return new CancelMeetingResponse { Meeting = MeetingMessages.ToMessage(cancelled, caller) };
            },
            cancellationToken: cancellationToken);
    }

    public override async Task<RecordOutcomeResponse> RecordOutcome(RecordOutcomeRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var cancellationToken = context.CancellationToken;
        var id = RequestIds.Meeting(request.MeetingId);
        var agreements = Agreements(request.Agreements);
        return await idempotent.RunAsync(
            caller.Value,
            request.RequestId,
            context.Method,
            RecordOutcomeResponse.Parser,
            async (connection, transaction) =>
            {
                var meeting = await LockCoordinatedAsync(connection, transaction, caller, id, cancellationToken);
                RequireScheduled(meeting);
                var now = StoredPrecision.Of(clock.GetUtcNow());
                if (now < meeting.StartsAt)
                {
                    throw Errors.FailedPrecondition("The meeting has not started yet; its outcome is recorded once it has.", "MEETING_NOT_STARTED");
                }

                var day = MeetingRules.Day(meeting.StartsAt, DateTimeZoneProviders.Tzdb[meeting.TimeZone]);
                var actionItems = ActionItems(request.ActionItems, meeting, day);
                var birthDate = await PersonStore.BirthDateAsync(connection, transaction, meeting.Person, cancellationToken) ?? throw Errors.NotFound("Meeting");
                var review = MeetingRules.ReviewDate(request.NextReviewDate, day, birthDate, consentPolicy.AgeOfMajority).ToDateOnly();
                await MeetingStore.RecordOutcomeAsync(connection, transaction, id, agreements, actionItems, review, now, cancellationToken);
                var held = meeting with
                {
                    Status = MeetingStatus.Held,
                    Agreements = agreements,
                    ActionItems = actionItems,
                    NextReviewDate = review,
                    OutcomeRecordedAt = now,
                };
                // The participants whose consent stands learn the outcome (M6).
                var consents = await StandingConsentsAsync(connection, transaction, held, now, cancellationToken);
                await DiscloseAsync(connection, transaction, held, consents, hubEvent: null, now, cancellationToken);
                return new RecordOutcomeResponse { Meeting = MeetingMessages.ToMessage(held, caller) };
            },
            cancellationToken: cancellationToken);
    }

    public override async Task<ListDueReviewsResponse> ListDueReviews(ListDueReviewsRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var paging = Paging.From(request.PageSize, request.PageToken);
        var dueBefore = MeetingRules.Date(request.DueBefore, "due_before").ToDateOnly();
        var page = await meetings.DueReviewsAsync(caller, dueBefore, paging.After, paging.Size, context.CancellationToken);
        return new ListDueReviewsResponse
        {
            Reviews = { page.Select(row => row.Review) },
            NextPageToken = paging.NextToken(page.Count, page.Count > 0 ? page[^1].PageKey : null),
        };
    }

    public override async Task<ListActionItemsResponse> ListActionItems(ListActionItemsRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var paging = Paging.From(request.PageSize, request.PageToken);
        AgencyId? owner = request.OwnerAgencyId.Length > 0 ? Validate.AgencyIdField(request.OwnerAgencyId, "owner_agency_id") : null;
        // Overdue: due before today, as the deployment's zone counts days.
        DateOnly? dueBefore = request.OverdueOnly
            ? MeetingRules.Day(clock.GetUtcNow(), MeetingRules.Zone(string.Empty, options.Value.DefaultTimeZone)).ToDateOnly()
            : null;
        var page = await meetings.ActionItemsAsync(caller, owner, dueBefore, paging.After, paging.Size, context.CancellationToken);
        return new ListActionItemsResponse
        {
            ActionItems = { page.Select(row => row.Item) },
            NextPageToken = paging.NextToken(page.Count, page.Count > 0 ? page[^1].PageKey : null),
        };
    }

    public override async Task<GetMeetingCalendarResponse> GetMeetingCalendar(GetMeetingCalendarRequest request, ServerCallContext context)
    {
        var caller = context.Caller().RequireAgency();
        var meeting = await FindVisibleAsync(caller, request.MeetingId, context.CancellationToken);
        if (!meeting.MaySeeInFull(caller))
        {
            throw Withdrawn();
        }

        var names = await agencies.NamesAsync([meeting.Coordinator.Value, .. meeting.Participants.Select(participant => participant.Agency.Value)], context.CancellationToken);
        return new GetMeetingCalendarResponse { Ics = MeetingCalendar.Write(meeting, names, clock.GetUtcNow()) };
    }

    private static RpcException Withdrawn() => Errors.FailedPrecondition(
        "The person's consent for care coordination with this agency was withdrawn; the meeting is no longer shared with it.", "PARTICIPANT_CONSENT_WITHDRAWN");

    private static void RequireScheduled(StoredMeeting meeting)
    {
        if (meeting.Status != MeetingStatus.Scheduled)
        {
            throw MeetingRules.NotScheduled(meeting.Status);
        }
    }

    /// <summary>
    /// M2: every participant whose consent stands holds an active care-coordination consent lasting
    /// through the meeting's end; otherwise CONSENT_MISSING_FOR_PARTICIPANTS naming those without.
    /// </summary>
    private static async Task<IReadOnlyDictionary<AgencyId, IReadOnlyList<ConsentId>>> RequireConsentsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StoredMeeting meeting, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var participants = meeting.ActiveParticipants.Select(participant => participant.Agency).ToList();
        var consents = await MeetingStore.CareCoordinationConsentsAsync(connection, transaction, meeting.Person, participants, now, meeting.EndsAt, cancellationToken);
        var missing = participants.Where(agency => !consents.ContainsKey(agency)).Select(agency => agency.Value).ToList();
        return missing.Count == 0 ? consents : throw Errors.Create(
            StatusCode.FailedPrecondition,
            $"The person has not consented to care coordination with {string.Join(", ", missing)} through the meeting's end.",
            ConsentMissingReason,
            new Dictionary<string, string> { ["agency_ids"] = string.Join(",", missing) });
    }

    /// <summary>The care-coordination consents the participants whose consent stands hold now: what their disclosure records name.</summary>
    private static Task<IReadOnlyDictionary<AgencyId, IReadOnlyList<ConsentId>>> StandingConsentsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StoredMeeting meeting, DateTimeOffset now, CancellationToken cancellationToken) =>
        MeetingStore.CareCoordinationConsentsAsync(
            connection, transaction, meeting.Person, meeting.ActiveParticipants.Select(participant => participant.Agency), now, now, cancellationToken);

    /// <summary>
    /// M3: a meeting overlapping another scheduled meeting of the person is refused by PostgreSQL's
    /// exclusion constraint; the refusal names the other meeting's time, nothing else of it.
    /// </summary>
    private async Task<TResponse> NoOverlapAsync<TResponse>(Func<StoredMeeting?> meeting, Func<Task<TResponse>> change, CancellationToken cancellationToken)
    {
        try
        {
            return await change();
        }
        catch (PostgresException exception) when (exception is { SqlState: PostgresErrorCodes.ExclusionViolation, ConstraintName: "meeting_no_overlap" }
            && meeting() is { } attempted)
        {
            // The transaction that hit the constraint is gone: this reads on a connection of its own.
            var conflict = await meetings.ConflictAsync(attempted.Person, attempted.StartsAt, attempted.EndsAt, attempted.Id, cancellationToken);
            var metadata = new Dictionary<string, string>();
            if (conflict is var (start, end))
            {
                metadata["conflict_start"] = start.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
                metadata["conflict_end"] = end.UtcDateTime.ToString("O", System.Globalization.CultureInfo.InvariantCulture);
            }

            throw Errors.Create(StatusCode.FailedPrecondition, "The person has another meeting scheduled at that time.", ConflictReason, metadata);
        }
    }

    /// <summary>
    /// M6 and E1, in the change's transaction: the event for the coordinator and the participants
    /// whose consent stands, and an audit record for each such participant of what it learned.
    /// </summary>
    private async Task DiscloseAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StoredMeeting meeting, IReadOnlyDictionary<AgencyId, IReadOnlyList<ConsentId>> consents,
        HubEvent? hubEvent, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var told = meeting.ActiveParticipants.Select(participant => participant.Agency).ToList();
        if (hubEvent is not null)
        {
            hubEvent.PersonId = meeting.Person.Value;
            await Outbox.AddAsync(connection, transaction, hubEvent, [meeting.Coordinator, .. told], now, cancellationToken);
        }

        if (told.Count == 0)
        {
            return;
        }

        await audit.AppendAsync(connection, transaction,
        [
            .. told.Select(agency => new AuditEntry
            {
                Person = meeting.Person,
                Accessor = agency,
                Action = AuditAction.MeetingDisclosed,
                Purpose = Purpose.CareCoordination,
                Categories = CategorySet.Empty,
                ConsentIds = consents.GetValueOrDefault(agency) ?? [],
                Meeting = meeting.Id,
            }),
        ], cancellationToken);
    }

    private async Task<StoredMeeting> FindVisibleAsync(AgencyId caller, string meetingId, CancellationToken cancellationToken)
    {
        var meeting = await meetings.FindAsync(RequestIds.Meeting(meetingId), cancellationToken);
        return meeting is not null && meeting.Involves(caller) ? meeting : throw Errors.NotFound("Meeting");
    }

    private static async Task<StoredMeeting> LockVisibleAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AgencyId caller, MeetingId id, CancellationToken cancellationToken)
    {
        var meeting = await MeetingStore.FindForUpdateAsync(connection, transaction, id, cancellationToken);
        return meeting is not null && meeting.Involves(caller) ? meeting : throw Errors.NotFound("Meeting");
    }

    /// <summary>The meeting, locked, when the caller coordinates it; a participant is told only the coordinator may, anyone else NOT_FOUND.</summary>
    private static async Task<StoredMeeting> LockCoordinatedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AgencyId caller, MeetingId id, CancellationToken cancellationToken)
    {
        var meeting = await LockVisibleAsync(connection, transaction, caller, id, cancellationToken);
        return meeting.Coordinator == caller ? meeting
            : throw Errors.PermissionDenied("Only the meeting's coordinator may change it.", "NOT_THE_COORDINATOR");
    }

    private static List<Agreement> Agreements(IReadOnlyList<Agreement> agreements)
    {
        if (agreements.Count > MeetingRules.MaxAgreements)
        {
            throw Errors.InvalidField("agreements", $"agreements may hold at most {MeetingRules.MaxAgreements} items.");
        }

        return [.. agreements.Select((agreement, i) => new Agreement
        {
            Text = Validate.RequiredText(agreement.Text, $"agreements[{i}].text", MeetingRules.MaxTextLength),
            ConfirmedByPerson = agreement.ConfirmedByPerson,
            PersonWords = Validate.OptionalText(agreement.PersonWords, $"agreements[{i}].person_words", MeetingRules.MaxTextLength) ?? string.Empty,
        })];
    }

    /// <summary>Each item owned by the coordinator or a participant whose consent stands, due on or after the meeting's day.</summary>
    private static List<ActionItem> ActionItems(IReadOnlyList<ActionItem> items, StoredMeeting meeting, LocalDate meetingDay)
    {
        if (items.Count > MeetingRules.MaxActionItems)
        {
            throw Errors.InvalidField("action_items", $"action_items may hold at most {MeetingRules.MaxActionItems} items.");
        }

        return [.. items.Select((item, i) =>
        {
            var owner = Validate.AgencyIdField(item.OwnerAgencyId, $"action_items[{i}].owner_agency_id");
            if (!meeting.MaySeeInFull(owner))
            {
                throw Errors.InvalidField($"action_items[{i}].owner_agency_id", "An action item's owner is the coordinator or one of the meeting's participants.");
            }

            var due = MeetingRules.Date(item.DueDate, $"action_items[{i}].due_date");
            return due >= meetingDay
                ? new ActionItem
                {
                    Description = Validate.RequiredText(item.Description, $"action_items[{i}].description", MeetingRules.MaxTextLength),
                    OwnerAgencyId = owner.Value,
                    DueDate = MeetingStore.Iso(due.ToDateOnly()),
                    MeetingId = meeting.Id.Value,
                    PersonId = meeting.Person.Value,
                }
                : throw Errors.InvalidField($"action_items[{i}].due_date", "An action item can't be due before the meeting's day.");
        })];
    }
}
