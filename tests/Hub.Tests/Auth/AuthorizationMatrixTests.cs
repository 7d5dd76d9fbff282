using Google.Protobuf.Reflection;
using Grpc.Core;
using Grpc.Net.Client;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;

namespace Hub.Tests.Auth;

/// <summary>
/// Every hub.v1 RPC, called by every wrong kind of caller: no token, the wrong scope, and an agency
/// with no link to the person — which must learn nothing, getting exactly the answer a made-up
/// person id gets. A new RPC fails <see cref="Every_hub_rpc_is_in_the_matrix"/> until it joins.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class AuthorizationMatrixTests(HubFixture fixture) : IAsyncLifetime
{
    private const string MadeUpPersonId = "p_aaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string MadeUpConsentId = "cn_aaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string MadeUpMeetingId = "mt_aaaaaaaaaaaaaaaaaaaaaaaaaa";
    private const string MadeUpEventId = "ev_aaaaaaaaaaaaaaaaaaaaaaaaaa";

    private readonly HubServer _hub = fixture.Hub;
    private TestAgency _linked = null!;
    private TestAgency _stranger = null!;
    private TestAgency _participant = null!;
    private string _personId = null!;
    private string _consentId = null!;
    private string _meetingId = null!;
    private string _eventId = null!;

    /// <summary>Who may call each RPC, and a call of it about a person.</summary>
    private static readonly Dictionary<string, (Access Access, Func<GrpcChannel, Target, Task> Call)> Matrix = new()
    {
        ["hub.v1.EchoService.Echo"] = (Access.AnyCaller, (channel, _) => channel.Echo().EchoAsync(new EchoRequest()).ResponseAsync),
        ["hub.v1.AgencyService.RegisterAgency"] = (Access.Operator, (channel, _) =>
            channel.Agencies().RegisterAgencyAsync(new RegisterAgencyRequest { Name = "Matrix Office", Kind = AgencyKind.Welfare }).ResponseAsync),
        ["hub.v1.AgencyService.GetAgency"] = (Access.AnyCaller, (channel, target) =>
            channel.Agencies().GetAgencyAsync(new GetAgencyRequest { AgencyId = target.AgencyId }).ResponseAsync),
        ["hub.v1.AgencyService.ListAgencies"] = (Access.AnyCaller, (channel, _) => channel.Agencies().ListAgenciesAsync(new ListAgenciesRequest()).ResponseAsync),
        ["hub.v1.AgencyService.AddClientKey"] = (Access.Operator, (channel, target) =>
            channel.Agencies().AddClientKeyAsync(new AddClientKeyRequest { AgencyId = target.AgencyId, PublicKeyJwk = "{}" }).ResponseAsync),
        ["hub.v1.AgencyService.RotateClientSecret"] = (Access.Operator, (channel, target) =>
            channel.Agencies().RotateClientSecretAsync(new RotateClientSecretRequest { AgencyId = target.AgencyId }).ResponseAsync),
        ["hub.v1.AgencyService.DisableClient"] = (Access.Operator, (channel, target) =>
            channel.Agencies().DisableClientAsync(new DisableClientRequest { AgencyId = target.AgencyId, Reason = "matrix" }).ResponseAsync),
        ["hub.v1.PersonService.RegisterPerson"] = (Access.Agency, (channel, _) =>
            channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1990-01-01" }).ResponseAsync),
        ["hub.v1.PersonService.LinkAgency"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.People().LinkAgencyAsync(new LinkAgencyRequest { PersonId = target.PersonId, AgencyId = target.AgencyId, Reason = "matrix" }).ResponseAsync),
        ["hub.v1.PersonService.GetPerson"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.People().GetPersonAsync(new GetPersonRequest { PersonId = target.PersonId }).ResponseAsync),
        ["hub.v1.PersonService.IssuePersonAccessCode"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.People().IssuePersonAccessCodeAsync(new IssuePersonAccessCodeRequest { PersonId = target.PersonId }).ResponseAsync),
        ["hub.v1.ConsentService.RequestConsent"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Consents().RequestConsentAsync(new RequestConsentRequest
            {
                PersonId = target.PersonId,
                RecipientAgencyId = target.AgencyId,
                Purpose = Purpose.EmploymentSupport,
                Categories = { DataCategory.EmploymentStatus },
                ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(1)),
                Explanation = "to share the job coach's notes",
            }).ResponseAsync),
        ["hub.v1.ConsentService.GrantConsent"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Consents().GrantConsentAsync(Grant(target.PersonId, target.AgencyId)).ResponseAsync),
        ["hub.v1.ConsentService.RevokeConsent"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = target.ConsentId, Reason = "matrix" }).ResponseAsync),
        ["hub.v1.ConsentService.GetConsent"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Consents().GetConsentAsync(new GetConsentRequest { ConsentId = target.ConsentId }).ResponseAsync),
        ["hub.v1.ConsentService.ListConsents"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Consents().ListConsentsAsync(new ListConsentsRequest { PersonId = target.PersonId }).ResponseAsync),
        ["hub.v1.ConsentService.CheckAccess"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Consents().CheckAccessAsync(new CheckAccessRequest { PersonId = target.PersonId, Purpose = Purpose.EmploymentSupport }).ResponseAsync),
        ["hub.v1.ConsentService.GetConsentReceipt"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Consents().GetConsentReceiptAsync(new GetConsentReceiptRequest { ConsentId = target.ConsentId }).ResponseAsync),
        ["hub.v1.CaseService.PublishCaseSummary"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Cases().PublishCaseSummaryAsync(new PublishCaseSummaryRequest
            {
                PersonId = target.PersonId,
                Sections = { new CaseSection { Category = DataCategory.SupportPlan, Plan = "matrix" } },
            }).ResponseAsync),
        ["hub.v1.CaseService.GetCaseSummary"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Cases().GetCaseSummaryAsync(new GetCaseSummaryRequest { PersonId = target.PersonId, Purpose = Purpose.EmploymentSupport }).ResponseAsync),
        ["hub.v1.AuditService.ListAccessRecords"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Audit().ListAccessRecordsAsync(new ListAccessRecordsRequest { PersonId = target.PersonId }).ResponseAsync),
        ["hub.v1.AuditService.VerifyAuditChain"] = (Access.Operator, (channel, _) =>
            channel.Audit().VerifyAuditChainAsync(new VerifyAuditChainRequest()).ResponseAsync),
        ["hub.v1.MeetingService.ScheduleMeeting"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Meetings().ScheduleMeetingAsync(MeetingRequests.Schedule(target.PersonId, 30, target.ParticipantId)).ResponseAsync),
        ["hub.v1.MeetingService.GetMeeting"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Meetings().GetMeetingAsync(new GetMeetingRequest { MeetingId = target.MeetingId }).ResponseAsync),
        ["hub.v1.MeetingService.ListMeetings"] = (Access.Agency, (channel, target) =>
            channel.Meetings().ListMeetingsAsync(new ListMeetingsRequest { PersonId = target.PersonId }).ResponseAsync),
        ["hub.v1.MeetingService.RespondToInvitation"] = (Access.MeetingParticipant, (channel, target) =>
            channel.Meetings().RespondToInvitationAsync(new RespondToInvitationRequest { MeetingId = target.MeetingId, Status = ParticipationStatus.Accepted }).ResponseAsync),
        ["hub.v1.MeetingService.RescheduleMeeting"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Meetings().RescheduleMeetingAsync(new RescheduleMeetingRequest
            {
                MeetingId = target.MeetingId,
                StartTime = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(MeetingRequests.InDays(31)),
            }).ResponseAsync),
        ["hub.v1.MeetingService.CancelMeeting"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Meetings().CancelMeetingAsync(new CancelMeetingRequest { MeetingId = target.MeetingId, Reason = "matrix" }).ResponseAsync),
        ["hub.v1.MeetingService.RecordOutcome"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Meetings().RecordOutcomeAsync(new RecordOutcomeRequest { MeetingId = target.MeetingId }).ResponseAsync),
        ["hub.v1.MeetingService.ListDueReviews"] = (Access.Agency, (channel, _) =>
            channel.Meetings().ListDueReviewsAsync(new ListDueReviewsRequest { DueBefore = "2099-01-01" }).ResponseAsync),
        ["hub.v1.MeetingService.ListActionItems"] = (Access.Agency, (channel, _) =>
            channel.Meetings().ListActionItemsAsync(new ListActionItemsRequest()).ResponseAsync),
        ["hub.v1.MeetingService.GetMeetingCalendar"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Meetings().GetMeetingCalendarAsync(new GetMeetingCalendarRequest { MeetingId = target.MeetingId }).ResponseAsync),
        ["hub.v1.EventService.WatchEvents"] = (Access.Agency, (channel, _) => FirstWatchItemAsync(channel)),
        ["hub.v1.EventService.AcknowledgeEvent"] = (Access.PersonLinkedAgency, (channel, target) =>
            channel.Events().AcknowledgeEventAsync(new AcknowledgeEventRequest { EventId = target.EventId }).ResponseAsync),
    };

    public enum Access
    {
        /// <summary>Any valid token.</summary>
        AnyCaller,

        /// <summary>The operator's hub.admin scope.</summary>
        Operator,

        /// <summary>An agency's token (not the operator's).</summary>
        Agency,

        /// <summary>An agency linked to (or consented about) the person; for a meeting, its coordinator.</summary>
        PersonLinkedAgency,

        /// <summary>A participant of the person's meeting.</summary>
        MeetingParticipant,
    }

    public static TheoryData<string> Rpcs => new(Matrix.Keys);

    public static TheoryData<string> PersonRpcs =>
        new(Matrix.Where(entry => entry.Value.Access is Access.PersonLinkedAgency or Access.MeetingParticipant).Select(entry => entry.Key));

    public static TheoryData<string> LinkedRpcs => new(Matrix.Where(entry => entry.Value.Access == Access.PersonLinkedAgency).Select(entry => entry.Key));

    public static TheoryData<string> ParticipantRpcs => new(Matrix.Where(entry => entry.Value.Access == Access.MeetingParticipant).Select(entry => entry.Key));

    public static TheoryData<string> OperatorRpcs => new(Matrix.Where(entry => entry.Value.Access == Access.Operator).Select(entry => entry.Key));

    public static TheoryData<string> AgencyRpcs =>
        new(Matrix.Where(entry => entry.Value.Access is Access.Agency or Access.PersonLinkedAgency or Access.MeetingParticipant).Select(entry => entry.Key));

    public async Task InitializeAsync()
    {
        _linked = await _hub.RegisterAgencyAsync("Linked Office", AgencyKind.Employment);
        _stranger = await _hub.RegisterAgencyAsync("Stranger Office", AgencyKind.School);
        _personId = (await _linked.Channel.People().RegisterPersonAsync(new RegisterPersonRequest { BirthDate = "1993-09-09" })).Person.PersonId;
        // Given to a third agency: a consent naming the stranger would make it a recipient, which may see it.
        _participant = await _hub.RegisterAgencyAsync("Recipient Office", AgencyKind.Medical);
        _consentId = (await _linked.Channel.Consents().GrantConsentAsync(Grant(_personId, _participant.AgencyId))).Consent.ConsentId;
        // A meeting the linked agency convenes, with the recipient taking part under its care-coordination
        // consent, moved into the past so that its outcome may be recorded.
        await _linked.Channel.Consents().GrantConsentAsync(MeetingRequests.CareCoordination(_personId, _participant.AgencyId));
        _meetingId = (await _linked.Channel.Meetings().ScheduleMeetingAsync(MeetingRequests.Schedule(_personId, 1, _participant.AgencyId))).Meeting.MeetingId;
        await MeetingRequests.StartedAsync(_hub.Database, _meetingId, TimeSpan.FromHours(2));
        // Something of its own to read, since the linked agency holds no consent for other agencies' summaries.
        await _linked.Channel.Cases().PublishCaseSummaryAsync(new PublishCaseSummaryRequest
        {
            PersonId = _personId,
            Sections = { new CaseSection { Category = DataCategory.EmploymentStatus, Facts = "Works 20 hours a week." } },
        });
        // The grant's event, once relayed: addressed to the linked agency (and the recipient), not to the stranger.
        await Poll.UntilAsync(async () => await _hub.Database.ScalarAsync<long>(
            $"SELECT count(*) FROM outbox_event WHERE person_id = '{_personId}' AND event_type = 'ConsentGranted' AND cursor IS NOT NULL") > 0, "the grant's event is relayed");
        _eventId = await _hub.Database.ScalarAsync<string>(
            $"SELECT event_id FROM outbox_event WHERE person_id = '{_personId}' AND event_type = 'ConsentGranted' ORDER BY cursor LIMIT 1");
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public void Every_hub_rpc_is_in_the_matrix()
    {
        var rpcs = typeof(AgencyReflection).Assembly.GetTypes()
            .Where(type => type.Namespace == "Hub.V1" && type.Name.EndsWith("Reflection", StringComparison.Ordinal))
            .Select(type => (FileDescriptor)type.GetProperty("Descriptor")!.GetValue(null)!)
            .SelectMany(file => file.Services)
            .SelectMany(service => service.Methods)
            .Select(method => method.FullName)
            .Order(StringComparer.Ordinal);

        Assert.Equal(rpcs, Matrix.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Rpcs))]
    public async Task Without_a_token_every_rpc_is_unauthenticated(string rpc)
    {
        var failure = await CallAsync(_hub.Channel(null), rpc, About(_personId));

        Assert.Equal(StatusCode.Unauthenticated, failure.StatusCode);
    }

    [Theory]
    [MemberData(nameof(OperatorRpcs))]
    public async Task Agencies_cant_call_operator_rpcs(string rpc)
    {
        var failure = await CallAsync(_stranger.Channel, rpc, About(_personId));

        Assert.Equal(StatusCode.PermissionDenied, failure.StatusCode);
        Assert.Equal("SCOPE_MISSING", failure.GetErrorInfo()!.Reason);
    }

    [Theory]
    [MemberData(nameof(AgencyRpcs))]
    public async Task The_operator_cant_act_as_an_agency(string rpc)
    {
        var failure = await CallAsync(await _hub.AdminAsync(), rpc, About(_personId));

        Assert.Equal(StatusCode.PermissionDenied, failure.StatusCode);
    }

    [Theory]
    [MemberData(nameof(PersonRpcs))]
    public async Task An_unlinked_agency_gets_exactly_the_answer_for_a_person_that_does_not_exist(string rpc)
    {
        var aboutRealPerson = await CallAsync(_stranger.Channel, rpc, About(_personId));
        var aboutNobody = await CallAsync(_stranger.Channel, rpc, About(MadeUpPersonId));

        Assert.Equal(StatusCode.NotFound, aboutRealPerson.StatusCode);
        Assert.Equal(aboutNobody.StatusCode, aboutRealPerson.StatusCode);
        Assert.Equal(aboutNobody.Status.Detail, aboutRealPerson.Status.Detail);
        Assert.Equal(aboutNobody.GetRpcStatus(), aboutRealPerson.GetRpcStatus());
        Assert.DoesNotContain(_personId, aboutRealPerson.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(LinkedRpcs))]
    public async Task The_linked_agency_is_allowed(string rpc)
    {
        await Matrix[rpc].Call(_linked.Channel, About(_personId));
    }

    [Theory]
    [MemberData(nameof(ParticipantRpcs))]
    public async Task The_meeting_participant_is_allowed(string rpc)
    {
        await Matrix[rpc].Call(_participant.Channel, About(_personId));
    }

    private Target About(string personId) => personId == _personId
        ? new(personId, _stranger.AgencyId, _consentId, _meetingId, _participant.AgencyId, _eventId)
        : new(personId, _stranger.AgencyId, MadeUpConsentId, MadeUpMeetingId, _participant.AgencyId, MadeUpEventId);

    private static GrantConsentRequest Grant(string personId, string recipientAgencyId) => new()
    {
        PersonId = personId,
        RecipientAgencyId = recipientAgencyId,
        Purpose = Purpose.EmploymentSupport,
        Categories = { DataCategory.EmploymentStatus },
        ExpiresAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(DateTimeOffset.UtcNow.AddYears(1)),
        GrantedBy = GrantorRole.Subject,
        CollectionMethod = CollectionMethod.Written,
    };

    /// <summary>Opens a watch and reads its first item (a heartbeat when nothing is waiting for the caller).</summary>
    private static async Task FirstWatchItemAsync(GrpcChannel channel)
    {
        using var watch = channel.Events().WatchEvents(new WatchEventsRequest());
        await watch.ResponseStream.MoveNext(CancellationToken.None);
    }

    private static Task<RpcException> CallAsync(GrpcChannel channel, string rpc, Target target) =>
        Assert.ThrowsAsync<RpcException>(() => Matrix[rpc].Call(channel, target));

    /// <summary>
    /// What a call is about: a person, an agency (the subject of agency RPCs, the one to link or consent
    /// to), one of the person's consents, one of their meetings, an agency that may take part in it, and
    /// an event about the person addressed to the agencies linked to them.
    /// </summary>
    private sealed record Target(string PersonId, string AgencyId, string ConsentId, string MeetingId, string ParticipantId, string EventId);
}
