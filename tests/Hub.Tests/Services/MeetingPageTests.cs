using Google.Protobuf.WellKnownTypes;
using Hub.Client;
using Hub.Tests.Infrastructure;
using Hub.V1;
using static Hub.Tests.Infrastructure.MeetingRequests;

namespace Hub.Tests.Services;

/// <summary>
/// A node answers a ListMeetings page it answered before from memory while PostgreSQL says nothing on
/// it changed. These show both halves: the page is kept, and every kind of change — made through
/// another node, whose memory this node can't see — shows on the very next page.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class MeetingPageTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly HubServer _hub = fixture.Hub;
    private Cast _cast = null!;
    private string _hospitalConsentId = null!;

    public async Task InitializeAsync()
    {
        _cast = await Cast.AssembleAsync(_hub);
        _hospitalConsentId = (await _cast.Welfare.Channel.Consents().GrantConsentAsync(CareCoordination(_cast.PersonId, _cast.Hospital.AgencyId))).Consent.ConsentId;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_page_is_answered_again_from_memory_until_a_meeting_on_it_has_a_new_revision()
    {
        // A node told to keep no pages, beside this one, which keeps them.
        await using var keepsNone = await _hub.StartNodeProcessAsync(settings: new Dictionary<string, string> { ["Hub__Meetings__ListCacheMeetings"] = "0" });
        using var welfareThere = BearerToken.Channel(keepsNone.GrpcAddress, await _hub.TokenAsync(_cast.Welfare.ClientId, _cast.Welfare.ClientSecret));
        var meeting = (await _cast.Welfare.Channel.Meetings().ScheduleMeetingAsync(Schedule(_cast.PersonId, 7, _cast.Hospital.AgencyId))).Meeting;
        Assert.Equal(meeting, Assert.Single(await PageAsync(_cast.Welfare.Channel.Meetings())));
        Assert.Equal(meeting, Assert.Single(await PageAsync(welfareThere.Meetings())));

        // Written behind the hub's back, without the revision every change of the hub raises.
        await _hub.Database.ScalarAsync<int>($"UPDATE meeting_agenda_item SET title = 'Renamed in the database' WHERE meeting_id = '{meeting.MeetingId}' AND position = 2 RETURNING 1");
        Assert.Equal(meeting, Assert.Single(await PageAsync(_cast.Welfare.Channel.Meetings())));
        Assert.Equal("Renamed in the database", Assert.Single(await PageAsync(welfareThere.Meetings())).Agenda[1].Title);

        await _hub.Database.ScalarAsync<int>($"UPDATE meeting SET revision = revision + 1 WHERE meeting_id = '{meeting.MeetingId}' RETURNING 1");
        Assert.Equal("Renamed in the database", Assert.Single(await PageAsync(_cast.Welfare.Channel.Meetings())).Agenda[1].Title);
    }

    [Fact]
    public async Task Every_change_made_through_another_node_shows_on_this_nodes_next_page()
    {
        // The other node compresses what it answers, so a page it keeps goes out compressed too.
        await using var secondNode = await _hub.StartNodeProcessAsync(settings: new Dictionary<string, string> { ["Hub__Grpc__ResponseCompressionAlgorithm"] = "gzip" });
        using var welfareThere = BearerToken.Channel(secondNode.GrpcAddress, await _hub.TokenAsync(_cast.Welfare.ClientId, _cast.Welfare.ClientSecret));
        using var hospitalThere = BearerToken.Channel(secondNode.GrpcAddress, await _hub.TokenAsync(_cast.Hospital.ClientId, _cast.Hospital.ClientSecret));
        var (welfareHere, hospitalHere) = (_cast.Welfare.Channel.Meetings(), _cast.Hospital.Channel.Meetings());
        var (coordinator, participant) = (welfareThere.Meetings(), hospitalThere.Meetings());
        var first = (await welfareHere.ScheduleMeetingAsync(Schedule(_cast.PersonId, 7, _cast.Hospital.AgencyId))).Meeting.MeetingId;
        var second = (await welfareHere.ScheduleMeetingAsync(Schedule(_cast.PersonId, 8, _cast.Hospital.AgencyId))).Meeting.MeetingId;

        // Each step reads the page here first, so that this node holds it when the other node changes it.
        await PageAsync(welfareHere);
        await participant.RespondToInvitationAsync(new RespondToInvitationRequest { MeetingId = first, Status = ParticipationStatus.Accepted, Comment = "Dr. Sato will come" });
        var answered = (await PageAsync(welfareHere))[0].Participants.Single();
        Assert.Equal((ParticipationStatus.Accepted, "Dr. Sato will come"), (answered.Status, answered.Comment));

        await coordinator.RescheduleMeetingAsync(new RescheduleMeetingRequest { MeetingId = second, StartTime = Timestamp.FromDateTimeOffset(InDays(6)) });
        var moved = await PageAsync(welfareHere);
        Assert.Equal([second, first], moved.Select(meeting => meeting.MeetingId));
        Assert.Equal((1, InDays(6)), (moved[0].Sequence, moved[0].StartTime.ToDateTimeOffset()));

        var earlier = (await coordinator.ScheduleMeetingAsync(Schedule(_cast.PersonId, 5, _cast.Hospital.AgencyId))).Meeting.MeetingId;
        Assert.Equal([earlier, second, first], (await PageAsync(welfareHere)).Select(meeting => meeting.MeetingId));

        await coordinator.CancelMeetingAsync(new CancelMeetingRequest { MeetingId = earlier, Reason = "The person is unwell" });
        Assert.Equal(MeetingStatus.Cancelled, (await PageAsync(welfareHere))[0].Status);

        await StartedAsync(_hub.Database, first, TimeSpan.FromDays(1));
        Assert.Equal(first, (await PageAsync(welfareHere))[0].MeetingId);
        await coordinator.RecordOutcomeAsync(new RecordOutcomeRequest { MeetingId = first, Agreements = { new Agreement { Text = "Shorter days for a month", ConfirmedByPerson = true, PersonWords = "I want to try four hours" } } });
        var held = (await PageAsync(welfareHere))[0];
        Assert.Equal(MeetingStatus.Held, held.Status);
        Assert.Equal("I want to try four hours", held.Outcome.Agreements.Single().PersonWords);

        var hospitalPage = await PageAsync(hospitalHere);
        Assert.All(hospitalPage, meeting => Assert.False(meeting.Withheld));
        await welfareThere.Consents().RevokeConsentAsync(new RevokeConsentRequest { ConsentId = _hospitalConsentId, Reason = "withdrawn by the person" });
        Assert.Equal(ParticipationStatus.ConsentWithdrawn, (await PageAsync(welfareHere)).Single(meeting => meeting.MeetingId == second).Participants.Single().Status);
        var withdrawn = (await PageAsync(hospitalHere)).Single(meeting => meeting.MeetingId == second);
        Assert.True(withdrawn.Withheld);
        Assert.Empty(withdrawn.Agenda);

        // Read twice there, the second time from its memory, compressed both times.
        var encodings = new ResponseEncodings { InnerHandler = new SocketsHttpHandler() };
        using var compressedThere = BearerToken.Channel(secondNode.GrpcAddress, await _hub.TokenAsync(_cast.Welfare.ClientId, _cast.Welfare.ClientSecret), encodings);
        var here = await PageAsync(welfareHere);
        Assert.Equal(here, await PageAsync(compressedThere.Meetings()));
        Assert.Equal(here, await PageAsync(compressedThere.Meetings()));
        Assert.Equal(["gzip", "gzip"], encodings.Seen);
    }

    /// <summary>The <c>grpc-encoding</c> of each response (the gRPC client keeps it out of the call's headers).</summary>
    private sealed class ResponseEncodings : DelegatingHandler
    {
        public List<string?> Seen { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            var response = await base.SendAsync(request, cancellationToken);
            Seen.Add(response.Headers.TryGetValues("grpc-encoding", out var values) ? values.Single() : null);
            return response;
        }
    }

    private async Task<IReadOnlyList<Meeting>> PageAsync(MeetingService.MeetingServiceClient meetings) =>
        (await meetings.ListMeetingsAsync(new ListMeetingsRequest { PersonId = _cast.PersonId })).Meetings;
}
