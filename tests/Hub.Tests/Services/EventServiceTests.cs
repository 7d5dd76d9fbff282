using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using Npgsql;
using static Hub.Tests.Infrastructure.ConsentRequests;

namespace Hub.Tests.Services;

/// <summary>
/// EventService (E1–E3) on a hub of its own with short intervals: the welfare office registered the
/// person and linked the hospital; the employment centre receives consents; the school is a stranger.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class EventServiceTests(PostgresFixture postgres) : IAsyncLifetime
{
    private HubServer _hub = null!;
    private Cast _cast = null!;

    public async Task InitializeAsync()
    {
        _hub = await HubServer.StartAsync(postgres, new Dictionary<string, string?>
        {
            ["Hub:Events:HeartbeatInterval"] = "00:00:01",
            ["Hub:Events:PollInterval"] = "00:00:00.200",
            ["Hub:Events:FeedCheckInterval"] = "00:00:00.500",
            ["Hub:Events:ScanInterval"] = "00:00:01",
        });
        _cast = await Cast.AssembleAsync(_hub);
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task A_revocation_reaches_the_recipient_and_the_linked_agencies_and_not_a_stranger()
    {
        await using var employment = EventWatch.Start(_cast.Employment.Channel);
        await using var hospital = EventWatch.Start(_cast.Hospital.Channel);
        await using var school = EventWatch.Start(_cast.School.Channel);
        await Task.WhenAll(employment.ReadyAsync(), hospital.ReadyAsync(), school.ReadyAsync());
        var consent = await GrantAsync();

        await RevokeAsync(consent);

        var revoked = await employment.UntilAsync(e => e.ConsentRevoked?.Consent.ConsentId == consent, "the recipient hears of the revocation");
        Assert.Equal(_cast.PersonId, revoked.Event.PersonId);
        Assert.Equal(ConsentStatus.Revoked, revoked.Event.ConsentRevoked.Consent.Status);
        Assert.StartsWith("ev_", revoked.Event.EventId, StringComparison.Ordinal);
        await hospital.UntilAsync(e => e.ConsentRevoked?.Consent.ConsentId == consent, "the linked hospital hears of it");
        // The school's stream moves past the event's cursor without showing it.
        await Poll.UntilAsync(() => school.Heartbeats.Any(beat => long.Parse(beat.Cursor) >= long.Parse(revoked.Cursor)), "the school's stream passes the event");
        Assert.Empty(school.Events);
    }

    [Fact]
    public async Task A_watch_resumes_after_its_cursor_with_the_stored_events_then_live_with_no_gap_or_repeat()
    {
        var first = await GrantAsync();
        await using (var earlier = EventWatch.Start(_cast.Employment.Channel, "0"))
        {
            await earlier.UntilAsync(e => e.ConsentGranted?.Consent.ConsentId == first, "the first grant");
        }

        var checkpoint = (await EventsOfAsync(_cast.Employment, "0")).Single(e => e.Event.ConsentGranted?.Consent.ConsentId == first).Cursor;
        var missed = await GrantAsync();

        await using var resumed = EventWatch.Start(_cast.Employment.Channel, checkpoint);
        await resumed.ReadyAsync();
        var live = await GrantAsync();
        await resumed.UntilAsync(e => e.ConsentGranted?.Consent.ConsentId == live, "the live grant");

        var granted = resumed.Events.Select(e => e.Event.ConsentGranted?.Consent.ConsentId).ToList();
        Assert.Equal([missed, live], granted);
        var cursors = resumed.Events.Select(e => long.Parse(e.Cursor)).ToList();
        Assert.Equal(cursors.Order(), cursors);
        Assert.All(cursors, cursor => Assert.True(cursor > long.Parse(checkpoint)));
    }

    [Fact]
    public async Task E2_an_event_whose_transaction_commits_after_a_later_one_still_reaches_a_consumer_past_the_later_one()
    {
        // A transaction that wrote an event stays open while a later one commits and is delivered.
        await using var database = NpgsqlDataSource.Create(_hub.Database.ConnectionString);
        await using var held = await database.OpenConnectionAsync();
        await using var transaction = await held.BeginTransactionAsync();
        var heldEvent = new HubEvent
        {
            EventId = "ev_heldheldheldheldheldheldhe",
            OccurredAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow),
            PersonId = _cast.PersonId,
            ConsentRevoked = new ConsentRevoked { Consent = new V1.Consent { ConsentId = "cn_heldheldheldheldheldheldhe" } },
        };
        await using (var insert = new NpgsqlCommand("""
            INSERT INTO outbox_event (event_id, event_type, event_kind, person_id, audience, payload, created_at)
            VALUES ($1, 'ConsentRevoked', 2, $2, $3, $4, now()) RETURNING seq
            """, held, transaction))
        {
            insert.Parameters.Add(new() { Value = heldEvent.EventId });
            insert.Parameters.Add(new() { Value = _cast.PersonId });
            insert.Parameters.Add(new() { Value = new[] { _cast.Employment.AgencyId } });
            insert.Parameters.Add(new() { Value = heldEvent.ToByteArray() });
            await insert.ExecuteScalarAsync();
        }

        // Several, each delivered before the next: the relay runs statement after statement, and its
        // floor (the seq below which it no longer looks) must stay below the open transaction's seq.
        await using var watch = EventWatch.Start(_cast.Employment.Channel, "0");
        DeliveredEvent laterDelivered = null!;
        for (var i = 0; i < 3; i++)
        {
            var later = await GrantAsync();
            laterDelivered = await watch.UntilAsync(e => e.ConsentGranted?.Consent.ConsentId == later, "a later event");
        }

        // A consumer that checkpointed at the later event's cursor...
        await using var resumed = EventWatch.Start(_cast.Employment.Channel, laterDelivered.Cursor);
        await resumed.ReadyAsync();
        await transaction.CommitAsync();

        // ...still gets the earlier-numbered event, after it in the order.
        var heldDelivered = await resumed.UntilAsync(e => e.EventId == heldEvent.EventId, "the event whose transaction committed last");
        Assert.True(long.Parse(heldDelivered.Cursor) > long.Parse(laterDelivered.Cursor));
        var seqs = await _hub.Database.ScalarAsync<long[]>(
            $"SELECT array_agg(seq ORDER BY cursor) FROM outbox_event WHERE event_id IN ('{heldEvent.EventId}', (SELECT event_id FROM outbox_event WHERE cursor = {laterDelivered.Cursor}))");
        Assert.True(seqs[0] > seqs[1], "the later-committed event was numbered first by its insert");
        await watch.UntilAsync(e => e.EventId == heldEvent.EventId, "the first watch gets it too");
    }

    [Fact]
    public async Task A_watch_from_now_starts_with_a_heartbeat_and_an_idle_watch_gets_one_each_interval()
    {
        // An event for others (the welfare office and the hospital), not for the watching employment centre.
        await _cast.Welfare.Channel.Consents().GrantConsentAsync(Grant(_cast.PersonId, _cast.Hospital.AgencyId, Purpose.Treatment, DataCategory.SupportPlan));
        await using var watch = EventWatch.Start(_cast.Employment.Channel);

        var first = await watch.ReadyAsync();
        var second = await watch.HeartbeatAsync(1);

        // The stream starts where this node's feed stands, at most the last cursor given, and its
        // heartbeats catch up with that cursor while nothing is for the caller.
        var (last, _) = await BoundsAsync();
        Assert.True(long.Parse(first.Cursor) <= last);
        Assert.True(long.Parse(second.Cursor) >= long.Parse(first.Cursor));
        await Poll.UntilAsync(() => watch.Heartbeats.Any(beat => long.Parse(beat.Cursor) == last), "a heartbeat carries the latest cursor");
        Assert.Empty(watch.Events);
    }

    [Fact]
    public async Task Kinds_filter_the_watch()
    {
        await using var watch = EventWatch.Start(_cast.Employment.Channel, string.Empty, EventKind.ConsentRevoked);
        await watch.ReadyAsync();
        var consent = await GrantAsync();
        await RevokeAsync(consent);

        await watch.UntilAsync(e => e.ConsentRevoked?.Consent.ConsentId == consent, "the revocation");
        Assert.All(watch.Events, e => Assert.Equal(HubEvent.KindOneofCase.ConsentRevoked, e.Event.KindCase));
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("-1")]
    [InlineData("01")]
    [InlineData("99999999999999999999")]
    public async Task A_malformed_cursor_is_invalid(string cursor)
    {
        await using var watch = EventWatch.Start(_cast.Employment.Channel, cursor);

        var failure = await watch.FailureAsync();

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("INVALID_CURSOR", failure.GetErrorInfo()!.Reason);
    }

    [Fact]
    public async Task A_cursor_the_hub_never_gave_is_invalid()
    {
        var (last, _) = await BoundsAsync();
        await using var watch = EventWatch.Start(_cast.Employment.Channel, (last + 1000).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var failure = await watch.FailureAsync();

        Assert.Equal("INVALID_CURSOR", failure.GetErrorInfo()!.Reason);
    }

    [Fact]
    public async Task An_unknown_kind_is_invalid()
    {
        await using var watch = EventWatch.Start(_cast.Employment.Channel, string.Empty, (EventKind)99);

        var failure = await watch.FailureAsync();

        Assert.Equal(StatusCode.InvalidArgument, failure.StatusCode);
        Assert.Equal("kinds[0]", failure.GetErrorInfo()!.Metadata["field"]);
    }

    [Fact]
    public async Task A_cursor_older_than_the_retention_is_expired_after_the_cleanup()
    {
        var consent = await GrantAsync();
        var cursor = await _hub.Database.ScalarAsync<long>(
            $"SELECT cursor FROM outbox_event WHERE payload IS NOT NULL AND event_type = 'ConsentGranted' AND person_id = '{_cast.PersonId}' ORDER BY cursor DESC LIMIT 1");
        Assert.True(cursor > 0, consent);
        await Poll.UntilAsync(async () => await _hub.Database.ScalarAsync<bool>($"SELECT dispatched_through >= {cursor} FROM event_cursor"), "the event is delivered");
        await _hub.Database.ScalarAsync<int>($"UPDATE outbox_event SET created_at = now() - interval '31 days' WHERE cursor <= {cursor} RETURNING 1");

        await Poll.UntilAsync(async () => (await BoundsAsync()).RemovedThrough >= cursor, "the cleanup removes the old events");
        await using var watch = EventWatch.Start(_cast.Employment.Channel, (cursor - 1).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var failure = await watch.FailureAsync();
        Assert.Equal(StatusCode.FailedPrecondition, failure.StatusCode);
        Assert.Equal("CURSOR_EXPIRED", failure.GetErrorInfo()!.Reason);
        await using var fromTheLine = EventWatch.Start(_cast.Employment.Channel, cursor.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await fromTheLine.ReadyAsync();
    }

    [Fact]
    public async Task E3_the_recipient_acknowledges_a_revocation_once_and_the_person_sees_when()
    {
        await using var watch = EventWatch.Start(_cast.Employment.Channel);
        await watch.ReadyAsync();
        var consent = await GrantAsync();
        await RevokeAsync(consent);
        var revoked = await watch.UntilAsync(e => e.ConsentRevoked?.Consent.ConsentId == consent, "the revocation");

        var acknowledged = await _cast.Employment.Channel.Events().AcknowledgeEventAsync(new AcknowledgeEventRequest { EventId = revoked.Event.EventId });
        var again = await _cast.Employment.Channel.Events().AcknowledgeEventAsync(new AcknowledgeEventRequest { EventId = revoked.Event.EventId });

        Assert.Equal(acknowledged, again);
        var records = (await _cast.Welfare.Channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest
        {
            PersonId = _cast.PersonId,
            Actions = { AuditAction.EventAcknowledged },
        })).Records;
        var record = Assert.Single(records);
        Assert.Equal(acknowledged.AccessRecordId, record.RecordId);
        Assert.Equal(_cast.Employment.AgencyId, record.AccessorAgencyId);
        Assert.Equal([consent], record.ConsentIds);
        Assert.Equal(revoked.Event.EventId, record.EventId);
        Assert.Equal(acknowledged.AcknowledgedAt, record.OccurredAt);
        Assert.True((await _hub.AdminAsync()).Audit().VerifyAuditChain(new VerifyAuditChainRequest()).Intact);
    }

    [Fact]
    public async Task An_event_not_addressed_to_the_caller_is_not_found_like_a_made_up_one()
    {
        await using var watch = EventWatch.Start(_cast.Employment.Channel);
        await watch.ReadyAsync();
        var consent = await GrantAsync();
        var granted = await watch.UntilAsync(e => e.ConsentGranted?.Consent.ConsentId == consent, "the grant");

        var notForIt = await Assert.ThrowsAsync<RpcException>(() =>
            _cast.School.Channel.Events().AcknowledgeEventAsync(new AcknowledgeEventRequest { EventId = granted.Event.EventId }).ResponseAsync);
        var madeUp = await Assert.ThrowsAsync<RpcException>(() =>
            _cast.School.Channel.Events().AcknowledgeEventAsync(new AcknowledgeEventRequest { EventId = "ev_aaaaaaaaaaaaaaaaaaaaaaaaaa" }).ResponseAsync);
        var malformed = await Assert.ThrowsAsync<RpcException>(() =>
            _cast.School.Channel.Events().AcknowledgeEventAsync(new AcknowledgeEventRequest { EventId = "not an id" }).ResponseAsync);

        Assert.Equal(StatusCode.NotFound, notForIt.StatusCode);
        Assert.Equal(madeUp.GetRpcStatus(), notForIt.GetRpcStatus());
        Assert.Equal(madeUp.GetRpcStatus(), malformed.GetRpcStatus());
    }

    [Fact]
    public async Task A_consent_that_expires_is_announced_once()
    {
        await using var watch = EventWatch.Start(_cast.Employment.Channel);
        await watch.ReadyAsync();
        var request = Grant(_cast.PersonId, _cast.Employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus);
        request.ExpiresAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddSeconds(2));
        var consent = (await _cast.Welfare.Channel.Consents().GrantConsentAsync(request)).Consent.ConsentId;

        var expired = await watch.UntilAsync(e => e.ConsentExpired?.Consent.ConsentId == consent, "the expiry");

        Assert.Equal(ConsentStatus.Expired, expired.Event.ConsentExpired.Consent.Status);
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        Assert.Equal(1, await _hub.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM outbox_event WHERE event_type = 'ConsentExpired' AND payload = (SELECT payload FROM outbox_event WHERE event_id = '{expired.Event.EventId}')"));
        Assert.Single(watch.Events, e => e.Event.ConsentExpired?.Consent.ConsentId == consent);
    }

    [Fact]
    public async Task A_published_summary_is_announced_to_each_recipient_with_only_the_categories_it_may_read()
    {
        await _cast.Welfare.Channel.Consents().GrantConsentAsync(Grant(_cast.PersonId, _cast.Employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus));
        await using var employment = EventWatch.Start(_cast.Employment.Channel);
        await using var school = EventWatch.Start(_cast.School.Channel);
        await Task.WhenAll(employment.ReadyAsync(), school.ReadyAsync());

        var published = await _cast.Hospital.Channel.Cases().PublishCaseSummaryAsync(
            CaseRequests.Publish(_cast.PersonId, "hospital", DataCategory.EmploymentStatus, DataCategory.Diagnosis));

        var notice = await employment.UntilAsync(e => e.CaseSummaryPublished is not null, "the employment centre hears of the summary");
        Assert.Equal(_cast.Hospital.AgencyId, notice.Event.CaseSummaryPublished.AuthorAgencyId);
        Assert.Equal(published.Summary.Version, notice.Event.CaseSummaryPublished.Version);
        Assert.Equal([DataCategory.EmploymentStatus], notice.Event.CaseSummaryPublished.Categories);
        await Poll.UntilAsync(() => school.Heartbeats.Any(beat => long.Parse(beat.Cursor) >= long.Parse(notice.Cursor)), "the school's stream passes it");
        Assert.Empty(school.Events);
    }

    [Fact]
    public async Task A_break_glass_read_is_announced_to_every_linked_agency()
    {
        await _cast.Welfare.Channel.Cases().PublishCaseSummaryAsync(CaseRequests.Publish(_cast.PersonId, "welfare", DataCategory.CrisisPlan));
        await using var welfare = EventWatch.Start(_cast.Welfare.Channel);
        await using var hospital = EventWatch.Start(_cast.Hospital.Channel);
        await Task.WhenAll(welfare.ReadyAsync(), hospital.ReadyAsync());

        var read = await _cast.School.Channel.Cases().GetCaseSummaryAsync(new GetCaseSummaryRequest
        {
            PersonId = _cast.PersonId,
            Purpose = Purpose.Emergency,
            BreakGlassJustification = "Student collapsed in class; the nurse needs the crisis plan now.",
        });

        foreach (var linked in new[] { welfare, hospital })
        {
            var notice = await linked.UntilAsync(e => e.BreakGlassAccess is not null, "the break-glass notice");
            Assert.Equal(_cast.School.AgencyId, notice.Event.BreakGlassAccess.AccessorAgencyId);
            Assert.Equal(read.AccessRecordId, notice.Event.BreakGlassAccess.AccessRecordId);
        }
    }

    [Fact]
    public async Task A_review_falling_due_and_an_overdue_action_item_are_announced_to_the_coordinator_and_the_owner()
    {
        await _cast.Welfare.Channel.Consents().GrantConsentAsync(MeetingRequests.CareCoordination(_cast.PersonId, _cast.Hospital.AgencyId));
        var meeting = (await _cast.Welfare.Channel.Meetings().ScheduleMeetingAsync(MeetingRequests.Schedule(_cast.PersonId, 1, _cast.Hospital.AgencyId))).Meeting;
        await MeetingRequests.StartedAsync(_hub.Database, meeting.MeetingId, TimeSpan.FromDays(3));
        var meetingDay = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow.AddDays(-3), TimeZoneInfo.FindSystemTimeZoneById("Asia/Tokyo")).DateTime);
        await using var welfare = EventWatch.Start(_cast.Welfare.Channel);
        await using var hospital = EventWatch.Start(_cast.Hospital.Channel);
        await Task.WhenAll(welfare.ReadyAsync(), hospital.ReadyAsync());

        await _cast.Welfare.Channel.Meetings().RecordOutcomeAsync(new RecordOutcomeRequest
        {
            MeetingId = meeting.MeetingId,
            ActionItems = { new ActionItem { Description = "Send the job coach's report", OwnerAgencyId = _cast.Hospital.AgencyId, DueDate = Iso(meetingDay) } },
            NextReviewDate = Iso(meetingDay.AddDays(10)),
        });

        var review = await welfare.UntilAsync(e => e.ReviewDue is not null, "the coordinator hears the review is due");
        Assert.Equal(meeting.MeetingId, review.Event.ReviewDue.MeetingId);
        Assert.Equal(Iso(meetingDay.AddDays(10)), review.Event.ReviewDue.ReviewDate);
        var overdue = await hospital.UntilAsync(e => e.ActionItemOverdue is not null, "the owner hears its item is overdue");
        Assert.Equal("Send the job coach's report", overdue.Event.ActionItemOverdue.Description);
        Assert.Equal(Iso(meetingDay), overdue.Event.ActionItemOverdue.DueDate);
        Assert.DoesNotContain(hospital.Events, e => e.Event.ReviewDue is not null);
    }

    [Fact]
    public async Task A_meeting_reaches_its_participants_and_a_withdrawn_participant_and_the_coordinator_are_told()
    {
        var hospitalCare = (await _cast.Welfare.Channel.Consents().GrantConsentAsync(MeetingRequests.CareCoordination(_cast.PersonId, _cast.Hospital.AgencyId))).Consent.ConsentId;
        await using var welfare = EventWatch.Start(_cast.Welfare.Channel);
        await using var hospital = EventWatch.Start(_cast.Hospital.Channel);
        await using var employment = EventWatch.Start(_cast.Employment.Channel);
        await Task.WhenAll(welfare.ReadyAsync(), hospital.ReadyAsync(), employment.ReadyAsync());

        var meeting = (await _cast.Welfare.Channel.Meetings().ScheduleMeetingAsync(MeetingRequests.Schedule(_cast.PersonId, 12, _cast.Hospital.AgencyId))).Meeting;
        var scheduled = await hospital.UntilAsync(e => e.MeetingScheduled?.MeetingId == meeting.MeetingId, "the participant is invited");
        await RevokeAsync(hospitalCare);

        Assert.Equal(meeting.StartTime, scheduled.Event.MeetingScheduled.StartTime);
        await welfare.UntilAsync(e => e.MeetingScheduled?.MeetingId == meeting.MeetingId, "the coordinator hears of its meeting");
        foreach (var told in new[] { welfare, hospital })
        {
            var withdrawn = await told.UntilAsync(e => e.ParticipantConsentWithdrawn?.MeetingId == meeting.MeetingId, "the withdrawal from the meeting");
            Assert.Equal(_cast.Hospital.AgencyId, withdrawn.Event.ParticipantConsentWithdrawn.AgencyId);
        }

        var last = await _hub.Database.ScalarAsync<long>("SELECT last_cursor FROM event_cursor");
        await Poll.UntilAsync(() => employment.Heartbeats.Any(beat => long.Parse(beat.Cursor) >= last), "the employment centre's stream passes them");
        Assert.DoesNotContain(employment.Events, e => e.Event.MeetingScheduled is not null || e.Event.ParticipantConsentWithdrawn is not null);
    }

    private static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

    private async Task<string> GrantAsync() =>
        (await _cast.Welfare.Channel.Consents().GrantConsentAsync(Grant(_cast.PersonId, _cast.Employment.AgencyId, Purpose.EmploymentSupport, DataCategory.EmploymentStatus))).Consent.ConsentId;

    private Task RevokeAsync(string consent) =>
        _cast.Welfare.Channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = consent, Reason = "本人の申し出 / at the person's request" }).ResponseAsync;

    private async Task<(long Last, long RemovedThrough)> BoundsAsync()
    {
        var bounds = await _hub.Database.ScalarAsync<long[]>("SELECT ARRAY[last_cursor, removed_through] FROM event_cursor");
        return (bounds[0], bounds[1]);
    }

    /// <summary>The agency's stored events after the cursor, as a fresh watch replays them up to its heartbeat.</summary>
    private static async Task<IReadOnlyList<DeliveredEvent>> EventsOfAsync(TestAgency agency, string after)
    {
        await using var watch = EventWatch.Start(agency.Channel, after);
        await watch.ReadyAsync();
        return watch.Events;
    }
}
