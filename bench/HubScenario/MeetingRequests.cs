using Google.Protobuf.WellKnownTypes;
using Hub.Client;
using Hub.V1;

namespace HubScenario;

/// <summary>
/// list_meetings: the employment centre lists its meetings, the first page by start; and the
/// ScheduleMeeting requests of the schedule_meeting load, each in a slot of its own.
/// </summary>
internal static class MeetingRequests
{
    public static BenchRequest ListMeetings { get; } = new BenchRequest<ListMeetingsRequest, ListMeetingsResponse>(
        "list_meetings",
        MeetingService.Descriptor.FindMethodByName("ListMeetings"),
        (channel, request, options) => channel.Meetings().ListMeetingsAsync(request, options),
        _ => new ListMeetingsRequest(),
        (_, response) => new Verdict(
            response.Meetings.All(meeting => meeting.Status == MeetingStatus.Scheduled && meeting.Participants.Count == 2),
            $"{response.Meetings.Count} meetings on the first page{(response.NextPageToken.Length > 0 ? ", more after it" : string.Empty)}"));

    /// <summary>
    /// The <paramref name="index"/>th meeting: people in turn, each person's meetings a day apart from
    /// tomorrow on, so no two overlap (M3) however many are sent at once.
    /// </summary>
    public static ScheduleMeetingRequest Schedule(MeetingSubjects subjects, int index)
    {
        var day = DateTime.UtcNow.Date.AddDays(1 + (index / subjects.People.Count));
        return new ScheduleMeetingRequest
        {
            PersonId = subjects.People[index % subjects.People.Count],
            Participants =
            {
                new ParticipantInvitation { AgencyId = subjects.WelfareOfficeId, Role = ParticipantRole.Required },
                new ParticipantInvitation { AgencyId = subjects.HospitalId, Role = ParticipantRole.Optional },
            },
            StartTime = Timestamp.FromDateTime(day.AddHours(1)),
            Location = "Shinjuku Employment Support Centre, room 1",
            Agenda =
            {
                new AgendaItem { Title = "Attendance since the last meeting", Aim = "Hear the person and the employer", Minutes = 20 },
                new AgendaItem { Title = "Accommodations", Aim = "Agree what to ask the employer", Minutes = 20 },
            },
            DecisionsWanted = { "Whether to raise the hours" },
        };
    }
}

/// <summary>Who the schedule_meeting load's meetings are about and with.</summary>
internal sealed record MeetingSubjects(IReadOnlyList<string> People, string WelfareOfficeId, string HospitalId);
