using System.Text.Json;
using Google.Protobuf.WellKnownTypes;
using Hub.Client;
using Hub.Testing;
using Hub.Tests.Infrastructure;
using Hub.V1;
using static Hub.Tests.Infrastructure.MeetingRequests;

namespace Hub.Tests.Services;

/// <summary>
/// M5: the calendar object of a meeting, read back by an independent RFC 5545 parser (Debian's
/// python3-icalendar), as a partner's calendar would read it.
/// </summary>
[Collection(HubCollection.Name)]
public sealed class MeetingCalendarTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly HubServer _hub = fixture.Hub;
    private Cast _cast = null!;

    public async Task InitializeAsync()
    {
        _cast = await Cast.AssembleAsync(_hub);
        await _cast.Welfare.Channel.Consents().GrantConsentAsync(CareCoordination(_cast.PersonId, _cast.Hospital.AgencyId));
        await _cast.Welfare.Channel.Consents().GrantConsentAsync(CareCoordination(_cast.PersonId, _cast.Employment.AgencyId));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_scheduled_meeting_is_a_request_in_its_zone_with_organizer_attendees_and_agenda()
    {
        // 10:00 in Tokyo is 01:00 UTC.
        var request = ScheduleAt(_cast.PersonId, InDays(5), _cast.Hospital.AgencyId, _cast.Employment.AgencyId);
        request.Participants[1].Role = ParticipantRole.Optional;
        // The person's case data must never reach a calendar: a summary of theirs exists, and its words must not appear.
        await _cast.Welfare.Channel.Cases().PublishCaseSummaryAsync(new PublishCaseSummaryRequest
        {
            PersonId = _cast.PersonId,
            Sections = { new CaseSection { Category = DataCategory.Diagnosis, Facts = "Bipolar disorder, stable on lithium" } },
        });
        var meeting = (await _cast.Welfare.Channel.Meetings().ScheduleMeetingAsync(request)).Meeting;
        await _cast.Hospital.Channel.Meetings().RespondToInvitationAsync(new RespondToInvitationRequest { MeetingId = meeting.MeetingId, Status = ParticipationStatus.Accepted });

        var parsed = await ParseAsync(meeting.MeetingId);

        Assert.Equal("REQUEST", parsed.GetProperty("method").GetString());
        Assert.Equal(1, parsed.GetProperty("events").GetInt32());
        Assert.Equal(["Asia/Tokyo"], parsed.GetProperty("timezones").EnumerateArray().Select(zone => zone.GetString()));
        Assert.Equal($"{meeting.MeetingId}@interop-hub", parsed.GetProperty("uid").GetString());
        Assert.Equal(0, parsed.GetProperty("sequence").GetInt32());
        Assert.Equal("CONFIRMED", parsed.GetProperty("status").GetString());
        var start = meeting.StartTime.ToDateTimeOffset().ToOffset(TimeSpan.FromHours(9));
        Assert.Equal("Asia/Tokyo", parsed.GetProperty("dtstart").GetProperty("tzid").GetString());
        Assert.StartsWith(start.ToString("yyyy-MM-ddTHH:mm:ss"), parsed.GetProperty("dtstart").GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.StartsWith(start.AddMinutes(60).ToString("yyyy-MM-ddTHH:mm:ss"), parsed.GetProperty("dtend").GetProperty("value").GetString(), StringComparison.Ordinal);
        Assert.True(DateTimeOffset.Parse(parsed.GetProperty("dtstamp").GetString()!) > DateTimeOffset.UtcNow.AddMinutes(-5));
        Assert.Equal("Welfare office, meeting room 2", parsed.GetProperty("location").GetString());
        Assert.Equal($"urn:interop-hub:agency:{_cast.Welfare.AgencyId}", parsed.GetProperty("organizer").GetProperty("value").GetString());
        Assert.Equal("Welfare Office", parsed.GetProperty("organizer").GetProperty("cn").GetString());
        var attendees = parsed.GetProperty("attendees").EnumerateArray()
            .Select(attendee => (attendee.GetProperty("value").GetString(), attendee.GetProperty("role").GetString(), attendee.GetProperty("partstat").GetString(), attendee.GetProperty("cn").GetString()));
        Assert.Equal(
            [
                ($"urn:interop-hub:agency:{_cast.Hospital.AgencyId}", "REQ-PARTICIPANT", "ACCEPTED", "Hospital"),
                ($"urn:interop-hub:agency:{_cast.Employment.AgencyId}", "OPT-PARTICIPANT", "NEEDS-ACTION", "Employment Centre"),
            ],
            attendees);
        var description = parsed.GetProperty("description").GetString()!;
        Assert.Contains("The person's own wishes", description, StringComparison.Ordinal);
        Assert.Contains("Accommodations at the workplace (20 min)", description, StringComparison.Ordinal);
        Assert.Contains("Who speaks to the employer about shorter days", description, StringComparison.Ordinal);
        var whole = parsed.ToString();
        Assert.DoesNotContain("lithium", whole, StringComparison.Ordinal);
        Assert.DoesNotContain(_cast.PersonId, whole, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rescheduling_raises_the_sequence_and_cancelling_sends_a_cancel_with_the_same_uid()
    {
        var meeting = (await _cast.Welfare.Channel.Meetings().ScheduleMeetingAsync(Schedule(_cast.PersonId, 5, _cast.Hospital.AgencyId))).Meeting;
        var online = Schedule(_cast.PersonId, 6, _cast.Employment.AgencyId);
        online.OnlineUrl = "https://meet.example.org/case-42";
        var onlineMeeting = (await _cast.Welfare.Channel.Meetings().ScheduleMeetingAsync(online)).Meeting;

        await _cast.Welfare.Channel.Meetings().RescheduleMeetingAsync(new RescheduleMeetingRequest { MeetingId = meeting.MeetingId, StartTime = Timestamp.FromDateTimeOffset(InDays(7)), TimeZone = "Europe/Berlin" });
        var moved = await ParseAsync(meeting.MeetingId);
        await _cast.Welfare.Channel.Meetings().CancelMeetingAsync(new CancelMeetingRequest { MeetingId = meeting.MeetingId, Reason = "The person asked to postpone" });
        var cancelled = await ParseAsync(meeting.MeetingId);

        Assert.Equal((1, "REQUEST", "Europe/Berlin"), (moved.GetProperty("sequence").GetInt32(), moved.GetProperty("method").GetString(), moved.GetProperty("dtstart").GetProperty("tzid").GetString()));
        Assert.Equal(["Europe/Berlin"], moved.GetProperty("timezones").EnumerateArray().Select(zone => zone.GetString()));
        Assert.Equal((2, "CANCEL", "CANCELLED"), (cancelled.GetProperty("sequence").GetInt32(), cancelled.GetProperty("method").GetString(), cancelled.GetProperty("status").GetString()));
        Assert.Equal(moved.GetProperty("uid").GetString(), cancelled.GetProperty("uid").GetString());
        var onlineParsed = await ParseAsync(onlineMeeting.MeetingId);
        Assert.Equal("https://meet.example.org/case-42", onlineParsed.GetProperty("url").GetString());
        Assert.Equal(JsonValueKind.Null, onlineParsed.GetProperty("location").ValueKind);
    }

    private async Task<JsonElement> ParseAsync(string meetingId)
    {
        var ics = (await _cast.Welfare.Channel.Meetings().GetMeetingCalendarAsync(new GetMeetingCalendarRequest { MeetingId = meetingId })).Ics;
        Assert.Contains("\r\n", ics, StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"meeting-{Guid.NewGuid():N}.ics");
        await File.WriteAllTextAsync(file, ics);
        try
        {
            var (exitCode, output) = await ExternalProgram.RunAsync(
                "/usr/bin/python3", [Path.Combine(AppContext.BaseDirectory, "peers", "parse_ics.py"), file], TimeSpan.FromSeconds(30));
            Assert.True(exitCode == 0, output);
            return JsonDocument.Parse(output).RootElement.Clone();
        }
        finally
        {
            File.Delete(file);
        }
    }
}
