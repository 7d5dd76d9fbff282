using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using static Hub.Tests.Infrastructure.MeetingRequests;

namespace Hub.Tests.Services;

/// <summary>
/// MeetingService: the welfare office (linked) convenes; the hospital (linked) and the employment centre
/// hold CARE_COORDINATION consents; the school holds none and is a stranger to the person.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class MeetingServiceTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly HubServer _hub = fixture.Hub;
    private TestAgency _welfare = null!;
    private TestAgency _hospital = null!;
    private TestAgency _employment = null!;
    private TestAgency _school = null!;
    private string _personId = null!;
    private string _hospitalConsentId = null!;
    private string _employmentConsentId = null!;

    public async Task InitializeAsync()
    {
        (_welfare, _hospital, _employment, _school, _personId) = await Cast.AssembleAsync(_hub);
        _hospitalConsentId = (await _welfare.Channel.Consents().GrantConsentAsync(CareCoordination(_personId, _hospital.AgencyId))).Consent.ConsentId;
        _employmentConsentId = (await _welfare.Channel.Consents().GrantConsentAsync(CareCoordination(_personId, _employment.AgencyId))).Consent.ConsentId;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_meeting_of_consented_agencies_is_scheduled_with_the_persons_wishes_first()
    {
        var meeting = await ScheduleAsync(Schedule(_personId, 7, _hospital.AgencyId, _employment.AgencyId));

        Assert.Equal(MeetingStatus.Scheduled, meeting.Status);
        Assert.Equal(0, meeting.Sequence);
        Assert.Equal(60, meeting.DurationMinutes);
        Assert.Equal("Asia/Tokyo", meeting.TimeZone);
        Assert.True(meeting.PersonAttends);
        Assert.Equal(_welfare.AgencyId, meeting.CoordinatorAgencyId);
        Assert.Equal([_hospital.AgencyId, _employment.AgencyId], meeting.Participants.Select(participant => participant.AgencyId));
        Assert.All(meeting.Participants, participant => Assert.Equal(ParticipationStatus.NeedsAction, participant.Status));
        Assert.Equal(["本人の思い・希望 / The person's own wishes", "How the first month at work went", "Accommodations at the workplace"], meeting.Agenda.Select(item => item.Title));
        Assert.Equal(meeting, (await _hospital.Channel.Meetings().GetMeetingAsync(new GetMeetingRequest { MeetingId = meeting.MeetingId })).Meeting);
    }

    [Fact]
    public async Task The_coordinator_may_leave_the_persons_wishes_off_and_say_the_person_stays_away()
    {
        var request = Schedule(_personId, 7, _hospital.AgencyId);
        request.PersonWishesFirst = false;
        request.PersonAttends = false;

        var meeting = await ScheduleAsync(request);

        Assert.Equal("How the first month at work went", meeting.Agenda[0].Title);
        Assert.False(meeting.PersonAttends);
    }

    [Fact]
    public async Task M2_a_participant_without_care_coordination_consent_refuses_the_meeting_naming_it_and_nothing_is_written()
    {
        var before = await WrittenAsync();

        var failure = await Assert.ThrowsAsync<RpcException>(() => _welfare.Channel.Meetings().ScheduleMeetingAsync(
            Schedule(_personId, 7, _hospital.AgencyId, _school.AgencyId)).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, failure.StatusCode);
        var info = failure.GetErrorInfo()!;
        Assert.Equal("CONSENT_MISSING_FOR_PARTICIPANTS", info.Reason);
        Assert.Equal(_school.AgencyId, info.Metadata["agency_ids"]);
        Assert.Equal(before, await WrittenAsync());
    }

    [Fact]
    public async Task M2_a_consent_that_ends_before_the_meeting_ends_is_not_enough()
    {
        var shortConsent = CareCoordination(_personId, _school.AgencyId);
        shortConsent.ExpiresAt = Timestamp.FromDateTimeOffset(InDays(7).AddMinutes(30));
        await _welfare.Channel.Consents().GrantConsentAsync(shortConsent);

        var failure = await Assert.ThrowsAsync<RpcException>(() => _welfare.Channel.Meetings().ScheduleMeetingAsync(Schedule(_personId, 7, _school.AgencyId)).ResponseAsync);

        Assert.Equal("CONSENT_MISSING_FOR_PARTICIPANTS", failure.GetErrorInfo()!.Reason);
    }

    [Fact]
    public async Task M3_an_overlapping_meeting_of_the_person_is_refused_with_the_other_meetings_time_only()
    {
        var first = await ScheduleAsync(Schedule(_personId, 9, _hospital.AgencyId));
        var overlapping = ScheduleAt(_personId, InDays(9).AddMinutes(30), _employment.AgencyId);

        var failure = await Assert.ThrowsAsync<RpcException>(() => _welfare.Channel.Meetings().ScheduleMeetingAsync(overlapping).ResponseAsync);

        Assert.Equal(StatusCode.FailedPrecondition, failure.StatusCode);
        var info = failure.GetErrorInfo()!;
        Assert.Equal("MEETING_CONFLICT", info.Reason);
        Assert.Equal(first.StartTime.ToDateTime(), DateTime.Parse(info.Metadata["conflict_start"], null, System.Globalization.DateTimeStyles.RoundtripKind));
        Assert.DoesNotContain(_hospital.AgencyId, failure.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(first.MeetingId, failure.ToString(), StringComparison.Ordinal);

        // Back to back is no overlap: the range ends where the next begins.
        await ScheduleAsync(ScheduleAt(_personId, InDays(9).AddMinutes(60), _employment.AgencyId));
    }

    [Fact]
    public async Task M6_a_meeting_is_invisible_to_any_other_agency_exactly_as_a_made_up_id()
    {
        var meeting = await ScheduleAsync(Schedule(_personId, 7, _hospital.AgencyId));

        var real = await Assert.ThrowsAsync<RpcException>(() => _school.Channel.Meetings().GetMeetingAsync(new GetMeetingRequest { MeetingId = meeting.MeetingId }).ResponseAsync);
        var madeUp = await Assert.ThrowsAsync<RpcException>(() => _school.Channel.Meetings().GetMeetingAsync(new GetMeetingRequest { MeetingId = "mt_aaaaaaaaaaaaaaaaaaaaaaaaaa" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, real.StatusCode);
        Assert.Equal(madeUp.GetRpcStatus(), real.GetRpcStatus());
        Assert.Empty((await _school.Channel.Meetings().ListMeetingsAsync(new ListMeetingsRequest { PersonId = _personId })).Meetings);
        var listed = Assert.Single((await _hospital.Channel.Meetings().ListMeetingsAsync(new ListMeetingsRequest { PersonId = _personId })).Meetings);
        Assert.Equal(meeting, listed);
    }

    [Fact]
    public async Task M6_each_participant_learning_of_the_meeting_is_in_the_persons_access_records()
    {
        var meeting = await ScheduleAsync(Schedule(_personId, 7, _hospital.AgencyId, _employment.AgencyId));

        var records = (await _welfare.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest { PersonId = _personId, Actions = { AuditAction.MeetingDisclosed } })).Records;

        Assert.Equal([_hospital.AgencyId, _employment.AgencyId], records.Select(record => record.AccessorAgencyId));
        Assert.All(records, record => Assert.Equal((meeting.MeetingId, Purpose.CareCoordination), (record.MeetingId, record.Purpose)));
        Assert.Equal([[_hospitalConsentId], [_employmentConsentId]], records.Select(record => record.ConsentIds.ToArray()));
        Assert.Empty(records.SelectMany(record => record.Categories));
        var verified = await (await _hub.AdminAsync()).Audit().VerifyAuditChainAsync(new VerifyAuditChainRequest());
        Assert.True(verified.Intact, verified.ToString());
        var audience = await _hub.Database.ScalarAsync<string[]>($"SELECT audience FROM outbox_event WHERE person_id = '{_personId}' AND event_type = 'MeetingScheduled'");
        Assert.Equal(new[] { _welfare.AgencyId, _employment.AgencyId, _hospital.AgencyId }.Order(StringComparer.Ordinal), audience);
    }

    [Fact]
    public async Task M4_answers_are_seen_by_the_coordinator_and_a_reschedule_asks_again_and_raises_the_sequence()
    {
        var meeting = await ScheduleAsync(Schedule(_personId, 7, _hospital.AgencyId, _employment.AgencyId));
        await _hospital.Channel.Meetings().RespondToInvitationAsync(new RespondToInvitationRequest { MeetingId = meeting.MeetingId, Status = ParticipationStatus.Accepted, Comment = "Dr. Sato will come" });
        await _employment.Channel.Meetings().RespondToInvitationAsync(new RespondToInvitationRequest { MeetingId = meeting.MeetingId, Status = ParticipationStatus.Tentative });

        var answered = (await _welfare.Channel.Meetings().GetMeetingAsync(new GetMeetingRequest { MeetingId = meeting.MeetingId })).Meeting;
        var moved = (await _welfare.Channel.Meetings().RescheduleMeetingAsync(new RescheduleMeetingRequest
        {
            MeetingId = meeting.MeetingId,
            StartTime = Timestamp.FromDateTimeOffset(InDays(8)),
            DurationMinutes = 90,
        })).Meeting;

        Assert.Equal([ParticipationStatus.Accepted, ParticipationStatus.Tentative], answered.Participants.Select(participant => participant.Status));
        Assert.Equal("Dr. Sato will come", answered.Participants[0].Comment);
        Assert.Equal(1, moved.Sequence);
        Assert.Equal(90, moved.DurationMinutes);
        Assert.All(moved.Participants, participant => Assert.Equal(ParticipationStatus.NeedsAction, participant.Status));
        Assert.Equal(moved, (await _welfare.Channel.Meetings().GetMeetingAsync(new GetMeetingRequest { MeetingId = meeting.MeetingId })).Meeting);
    }

    [Fact]
    public async Task Only_the_coordinator_changes_a_meeting_and_only_participants_answer()
    {
        var meeting = await ScheduleAsync(Schedule(_personId, 7, _hospital.AgencyId));

        var cancelByParticipant = await Assert.ThrowsAsync<RpcException>(() => _hospital.Channel.Meetings().CancelMeetingAsync(new CancelMeetingRequest { MeetingId = meeting.MeetingId, Reason = "no" }).ResponseAsync);
        var answerByCoordinator = await Assert.ThrowsAsync<RpcException>(() => _welfare.Channel.Meetings().RespondToInvitationAsync(
            new RespondToInvitationRequest { MeetingId = meeting.MeetingId, Status = ParticipationStatus.Accepted }).ResponseAsync);

        Assert.Equal(StatusCode.PermissionDenied, cancelByParticipant.StatusCode);
        Assert.Equal("NOT_THE_COORDINATOR", cancelByParticipant.GetErrorInfo()!.Reason);
        Assert.Equal("NOT_A_PARTICIPANT", answerByCoordinator.GetErrorInfo()!.Reason);
    }

    [Fact]
    public async Task M2_revoking_a_participants_consent_withdraws_it_in_the_same_transaction_and_hides_the_meeting_from_it()
    {
        var meeting = await ScheduleAsync(Schedule(_personId, 7, _hospital.AgencyId, _employment.AgencyId));

        await _welfare.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = _hospitalConsentId, Reason = "withdrawn by the person" });

        var coordinatorView = (await _welfare.Channel.Meetings().GetMeetingAsync(new GetMeetingRequest { MeetingId = meeting.MeetingId })).Meeting;
        var hospitalView = (await _hospital.Channel.Meetings().GetMeetingAsync(new GetMeetingRequest { MeetingId = meeting.MeetingId })).Meeting;
        Assert.Equal([ParticipationStatus.ConsentWithdrawn, ParticipationStatus.NeedsAction], coordinatorView.Participants.Select(participant => participant.Status));
        Assert.True(hospitalView.Withheld);
        Assert.Empty(hospitalView.Agenda);
        Assert.Null(hospitalView.StartTime);
        Assert.Equal(ParticipationStatus.ConsentWithdrawn, Assert.Single(hospitalView.Participants).Status);
        var calendar = await Assert.ThrowsAsync<RpcException>(() => _hospital.Channel.Meetings().GetMeetingCalendarAsync(new GetMeetingCalendarRequest { MeetingId = meeting.MeetingId }).ResponseAsync);
        Assert.Equal("PARTICIPANT_CONSENT_WITHDRAWN", calendar.GetErrorInfo()!.Reason);
        var withdrawal = HubEvent.Parser.ParseFrom(await _hub.Database.ScalarAsync<byte[]>(
            $"SELECT payload FROM outbox_event WHERE person_id = '{_personId}' AND event_type = 'ParticipantConsentWithdrawn'"));
        Assert.Equal((meeting.MeetingId, _hospital.AgencyId), (withdrawal.ParticipantConsentWithdrawn.MeetingId, withdrawal.ParticipantConsentWithdrawn.AgencyId));
        Assert.Equal(
            new[] { _welfare.AgencyId, _hospital.AgencyId }.Order(StringComparer.Ordinal),
            await _hub.Database.ScalarAsync<string[]>($"SELECT audience FROM outbox_event WHERE person_id = '{_personId}' AND event_type = 'ParticipantConsentWithdrawn'"));

        // Rescheduling checks again: the withdrawn participant stays out, and needs no consent.
        var moved = (await _welfare.Channel.Meetings().RescheduleMeetingAsync(new RescheduleMeetingRequest { MeetingId = meeting.MeetingId, StartTime = Timestamp.FromDateTimeOffset(InDays(10)) })).Meeting;
        Assert.Equal(ParticipationStatus.ConsentWithdrawn, moved.Participants[0].Status);
    }

    [Fact]
    public async Task M2_a_participant_another_care_coordination_consent_still_covers_stays_in_the_meeting()
    {
        await _welfare.Channel.Consents().GrantConsentAsync(CareCoordination(_personId, _hospital.AgencyId));
        var meeting = await ScheduleAsync(Schedule(_personId, 7, _hospital.AgencyId));

        await _welfare.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = _hospitalConsentId, Reason = "replaced by the newer form" });

        var hospitalView = (await _hospital.Channel.Meetings().GetMeetingAsync(new GetMeetingRequest { MeetingId = meeting.MeetingId })).Meeting;
        Assert.False(hospitalView.Withheld);
        Assert.Equal(ParticipationStatus.NeedsAction, Assert.Single(hospitalView.Participants).Status);
        Assert.Equal(0L, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM outbox_event WHERE person_id = '{_personId}' AND event_type = 'ParticipantConsentWithdrawn'"));
    }

    [Fact]
    public async Task M4_the_outcome_is_recorded_once_the_meeting_has_started_with_the_review_six_months_on_for_an_adult()
    {
        var meeting = await ScheduleAsync(Schedule(_personId, 7, _hospital.AgencyId, _employment.AgencyId));
        var early = await Assert.ThrowsAsync<RpcException>(() => _welfare.Channel.Meetings().RecordOutcomeAsync(new RecordOutcomeRequest { MeetingId = meeting.MeetingId }).ResponseAsync);
        Assert.Equal("MEETING_NOT_STARTED", early.GetErrorInfo()!.Reason);
        var day = await StartedAsync(meeting.MeetingId, daysAgo: 2);

        var held = (await _welfare.Channel.Meetings().RecordOutcomeAsync(new RecordOutcomeRequest
        {
            MeetingId = meeting.MeetingId,
            Agreements = { new Agreement { Text = "Work 4 hours a day for the next month", ConfirmedByPerson = true, PersonWords = "4時間なら続けられそう" } },
            ActionItems = { new ActionItem { Description = "Ask the employer about shorter days", OwnerAgencyId = _employment.AgencyId, DueDate = day.AddDays(1).ToString("yyyy-MM-dd") } },
        })).Meeting;

        Assert.Equal(MeetingStatus.Held, held.Status);
        Assert.Equal(day.AddMonths(6).ToString("yyyy-MM-dd"), held.Outcome.NextReviewDate);
        Assert.Equal("4時間なら続けられそう", Assert.Single(held.Outcome.Agreements).PersonWords);
        var again = await Assert.ThrowsAsync<RpcException>(() => _welfare.Channel.Meetings().RecordOutcomeAsync(new RecordOutcomeRequest { MeetingId = meeting.MeetingId }).ResponseAsync);
        Assert.Equal("MEETING_HELD", again.GetErrorInfo()!.Reason);

        var overdue = (await _employment.Channel.Meetings().ListActionItemsAsync(new ListActionItemsRequest { OverdueOnly = true })).ActionItems;
        var item = Assert.Single(overdue);
        Assert.Equal((meeting.MeetingId, _personId, _employment.AgencyId), (item.MeetingId, item.PersonId, item.OwnerAgencyId));
        Assert.Single((await _welfare.Channel.Meetings().ListActionItemsAsync(new ListActionItemsRequest { OwnerAgencyId = _employment.AgencyId })).ActionItems);
        Assert.Empty((await _hospital.Channel.Meetings().ListActionItemsAsync(new ListActionItemsRequest())).ActionItems);

        var due = (await _welfare.Channel.Meetings().ListDueReviewsAsync(new ListDueReviewsRequest { DueBefore = day.AddMonths(7).ToString("yyyy-MM-dd") })).Reviews;
        Assert.Contains(due, review => review.PersonId == _personId && review.MeetingId == meeting.MeetingId);
        Assert.DoesNotContain((await _welfare.Channel.Meetings().ListDueReviewsAsync(new ListDueReviewsRequest { DueBefore = day.AddMonths(5).ToString("yyyy-MM-dd") })).Reviews,
            review => review.PersonId == _personId);
    }

    [Fact]
    public async Task M4_a_child_is_reviewed_three_months_on()
    {
        var child = (await _welfare.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = DateTime.UtcNow.AddYears(-15).ToString("yyyy-MM-dd") })).Person.PersonId;
        var consent = CareCoordination(child, _hospital.AgencyId);
        consent.GrantedBy = GrantorRole.LegalGuardian;
        await _welfare.Channel.Consents().GrantConsentAsync(consent);
        var meeting = await ScheduleAsync(Schedule(child, 7, _hospital.AgencyId));
        var day = await StartedAsync(meeting.MeetingId, daysAgo: 1);

        var held = (await _welfare.Channel.Meetings().RecordOutcomeAsync(new RecordOutcomeRequest { MeetingId = meeting.MeetingId })).Meeting;

        Assert.Equal(day.AddMonths(3).ToString("yyyy-MM-dd"), held.Outcome.NextReviewDate);
    }

    [Fact]
    public async Task An_action_item_is_owned_by_a_participant_and_falls_due_on_or_after_the_meeting()
    {
        var meeting = await ScheduleAsync(Schedule(_personId, 7, _hospital.AgencyId));
        var day = await StartedAsync(meeting.MeetingId, daysAgo: 1);

        var stranger = await Assert.ThrowsAsync<RpcException>(() => _welfare.Channel.Meetings().RecordOutcomeAsync(new RecordOutcomeRequest
        {
            MeetingId = meeting.MeetingId,
            ActionItems = { new ActionItem { Description = "x", OwnerAgencyId = _school.AgencyId, DueDate = day.ToString("yyyy-MM-dd") } },
        }).ResponseAsync);
        var early = await Assert.ThrowsAsync<RpcException>(() => _welfare.Channel.Meetings().RecordOutcomeAsync(new RecordOutcomeRequest
        {
            MeetingId = meeting.MeetingId,
            ActionItems = { new ActionItem { Description = "x", OwnerAgencyId = _hospital.AgencyId, DueDate = day.AddDays(-1).ToString("yyyy-MM-dd") } },
        }).ResponseAsync);

        Assert.Equal("action_items[0].owner_agency_id", stranger.GetErrorInfo()!.Metadata["field"]);
        Assert.Equal("action_items[0].due_date", early.GetErrorInfo()!.Metadata["field"]);
    }

    [Fact]
    public async Task A_cancelled_meeting_frees_its_time_and_can_be_changed_no_more()
    {
        var meeting = await ScheduleAsync(Schedule(_personId, 12, _hospital.AgencyId));

        var cancelled = (await _welfare.Channel.Meetings().CancelMeetingAsync(new CancelMeetingRequest { MeetingId = meeting.MeetingId, Reason = "The person is unwell" })).Meeting;

        Assert.Equal((MeetingStatus.Cancelled, 1, "The person is unwell"), (cancelled.Status, cancelled.Sequence, cancelled.CancellationReason));
        await ScheduleAsync(Schedule(_personId, 12, _employment.AgencyId));
        var moved = await Assert.ThrowsAsync<RpcException>(() => _welfare.Channel.Meetings().RescheduleMeetingAsync(
            new RescheduleMeetingRequest { MeetingId = meeting.MeetingId, StartTime = Timestamp.FromDateTimeOffset(InDays(13)) }).ResponseAsync);
        Assert.Equal("MEETING_CANCELLED", moved.GetErrorInfo()!.Reason);
    }

    [Fact]
    public async Task A_repeated_request_id_schedules_once()
    {
        var request = Schedule(_personId, 7, _hospital.AgencyId);
        request.RequestId = Guid.NewGuid().ToString();

        var first = await ScheduleAsync(request);
        var second = await ScheduleAsync(request);

        Assert.Equal(first, second);
        Assert.Equal(1L, await _hub.Database.ScalarAsync<long>($"SELECT count(*) FROM meeting WHERE person_id = '{_personId}'"));
    }

    public static TheoryData<string, string> BadRequests => new()
    {
        { "unknown zone", "time_zone" },
        { "too long", "duration_minutes" },
        { "negative duration", "duration_minutes" },
        { "in the past", "start_time" },
        { "no start", "start_time" },
        { "no participants", "participants" },
        { "twice the same", "participants[1].agency_id" },
        { "coordinator invited", "participants[0].agency_id" },
        { "21 participants", "participants" },
        { "no role", "participants[0].role" },
        { "21 agenda items", "agenda" },
        { "agenda over the duration", "agenda" },
        { "untitled item", "agenda[0].title" },
        { "http link", "online_url" },
        { "no venue", "location" },
        { "long location", "location" },
        { "long decision", "decisions_wanted[0]" },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_is_invalid_argument_naming_the_field_and_writes_nothing(string spoil, string field)
    {
        var request = Schedule(_personId, 7, _hospital.AgencyId);
        switch (spoil)
        {
            case "unknown zone": request.TimeZone = "Mars/Olympus_Mons"; break;
            case "too long": request.DurationMinutes = 481; break;
            case "negative duration": request.DurationMinutes = -5; break;
            case "in the past": request.StartTime = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddMinutes(-1)); break;
            case "no start": request.StartTime = null; break;
            case "no participants": request.Participants.Clear(); break;
            case "twice the same": request.Participants.Add(request.Participants[0].Clone()); break;
            case "coordinator invited": request.Participants[0].AgencyId = _welfare.AgencyId; break;
            case "21 participants":
                request.Participants.AddRange(Enumerable.Range(0, 20).Select(_ => new ParticipantInvitation { AgencyId = $"ag_{Guid.NewGuid():N}"[..29], Role = ParticipantRole.Optional }));
                break;
            case "no role": request.Participants[0].Role = ParticipantRole.Unspecified; break;
            case "21 agenda items": request.Agenda.AddRange(Enumerable.Range(0, 19).Select(i => new AgendaItem { Title = $"item {i}" })); break;
            case "agenda over the duration": request.Agenda[0].Minutes = 40; break;
            case "untitled item": request.Agenda[0].Title = " "; break;
            case "http link": request.OnlineUrl = "http://meet.example.org/room"; break;
            case "no venue": request.ClearVenue(); break;
            case "long location": request.Location = new string('x', 201); break;
            case "long decision": request.DecisionsWanted[0] = new string('x', 1001); break;
        }

        var before = await WrittenAsync();
        var failure = await Assert.ThrowsAsync<RpcException>(() => _welfare.Channel.Meetings().ScheduleMeetingAsync(request).ResponseAsync);

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        var info = failure.GetErrorInfo()!;
        Assert.Equal(("INVALID_FIELD", field), (info.Reason, info.Metadata["field"]));
        Assert.Equal(before, await WrittenAsync());
    }

    private async Task<Meeting> ScheduleAsync(ScheduleMeetingRequest request) =>
        (await _welfare.Channel.Meetings().ScheduleMeetingAsync(request)).Meeting;

    /// <summary>Moves the meeting into the past, as time passing would, and returns its day in Tokyo.</summary>
    private async Task<DateOnly> StartedAsync(string meetingId, int daysAgo)
    {
        var start = await MeetingRequests.StartedAsync(_hub.Database, meetingId, TimeSpan.FromDays(daysAgo));
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(start.ToUniversalTime(), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")));
    }

    private Task<long> WrittenAsync() => _hub.Database.ScalarAsync<long>("""
        SELECT (SELECT count(*) FROM meeting) + (SELECT count(*) FROM meeting_participant) + (SELECT count(*) FROM audit_record)
             + (SELECT count(*) FROM outbox_event) + (SELECT count(*) FROM idempotent_request)
        """);
}
