using Hub.Client;
using Hub.Tests.Infrastructure;
using static Hub.Tests.Infrastructure.MeetingRequests;

namespace Hub.Tests.Client;

/// <summary>hubctl meeting, run as the coordinator's and a participant's systems would.</summary>
[Collection(HubCollection.Name)]
public sealed class CliMeetingTests(HubFixture fixture) : IAsyncLifetime
{
    private readonly CliRunner _hubctl = new(fixture.Hub);
    private Cast _cast = null!;

    public async Task InitializeAsync()
    {
        _cast = await Cast.AssembleAsync(fixture.Hub);
        await _cast.Welfare.Channel.Consents().GrantConsentAsync(CareCoordination(_cast.PersonId, _cast.Hospital.AgencyId));
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task A_coordinator_schedules_in_its_zone_and_a_participant_answers_and_gets_the_calendar()
    {
        var start = InDays(4);
        var scheduled = await _hubctl.AsAsync(_cast.Welfare,
            "meeting", "schedule", _cast.PersonId, "--participants", $"{_cast.Hospital.AgencyId}:optional", "--start", start.ToString("yyyy-MM-ddTHH:mm:ssZ"),
            "--location", "Room 2", "--agenda", "20:Work so far:Hear the person", "--decision", "Hours from June");
        Assert.True(scheduled.ExitCode == 0, scheduled.ToString());
        var meetingId = scheduled.Field("meeting id");

        var answered = await _hubctl.AsAsync(_cast.Hospital, "meeting", "respond", meetingId, "--status", "tentative", "--comment", "Depends on the clinic");
        var ics = await _hubctl.AsAsync(_cast.Hospital, "meeting", "ics", meetingId);
        var stranger = await _hubctl.AsAsync(_cast.School, "meeting", "get", meetingId);

        // 01:00 UTC is 10:00 in Tokyo, the hub's default zone.
        Assert.Equal($"{start:yyyy-MM-dd} 10:00 Asia/Tokyo ({start:yyyy-MM-dd} 01:00:00Z), 60 min", scheduled.Field("when"));
        Assert.Equal(["10", "本人の思い・希望 / The person's own wishes", "Hear first, in the person's own words, what they want from the support."], scheduled.Row("10"));
        Assert.Equal(["Hospital", "OPTIONAL", "TENTATIVE", "Depends on the clinic"], answered.Row("Hospital"));
        Assert.Contains("METHOD:REQUEST", ics.Lines.Select(line => line.TrimEnd('\r')));
        Assert.Equal(1, stranger.ExitCode);
        Assert.Contains("(NOT_FOUND)", stranger.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_participant_without_consent_is_named_in_the_refusal()
    {
        var refused = await _hubctl.AsAsync(_cast.Welfare,
            "meeting", "schedule", _cast.PersonId, "--participants", $"{_cast.Hospital.AgencyId},{_cast.School.AgencyId}", "--start", InDays(5).ToString("yyyy-MM-ddTHH:mm:ssZ"),
            "--online-url", "https://meet.example.org/r");

        Assert.Equal(1, refused.ExitCode);
        Assert.Contains($"(CONSENT_MISSING_FOR_PARTICIPANTS agency_ids={_cast.School.AgencyId})", refused.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Schedule_needs_a_place_or_a_link_and_well_formed_agenda_items()
    {
        var neither = await _hubctl.AsAsync(_cast.Welfare, "meeting", "schedule", _cast.PersonId, "--participants", _cast.Hospital.AgencyId, "--start", "2099-01-01T01:00:00Z");
        var badItem = await _hubctl.AsAsync(_cast.Welfare,
            "meeting", "schedule", _cast.PersonId, "--participants", _cast.Hospital.AgencyId, "--start", "2099-01-01T01:00:00Z", "--location", "x", "--agenda", "twenty:Work");

        Assert.Equal(2, neither.ExitCode);
        Assert.Contains("--location or --online-url", neither.Error, StringComparison.Ordinal);
        Assert.Equal(2, badItem.ExitCode);
        Assert.Contains("MINUTES:TITLE", badItem.Error, StringComparison.Ordinal);
    }
}
