using Google.Protobuf.WellKnownTypes;
using Hub.V1;

namespace Hub.Tests.Infrastructure;

/// <summary>Well-formed meeting requests for tests to start from and spoil one field at a time.</summary>
public static class MeetingRequests
{
    /// <summary>A 60-minute meeting in person, <paramref name="daysAhead"/> days from now at the top of an hour, each participant required.</summary>
    public static ScheduleMeetingRequest Schedule(string personId, int daysAhead, params string[] participantAgencyIds) =>
        ScheduleAt(personId, InDays(daysAhead), participantAgencyIds);

    public static ScheduleMeetingRequest ScheduleAt(string personId, DateTimeOffset start, params string[] participantAgencyIds) => new()
    {
        PersonId = personId,
        Participants = { participantAgencyIds.Select(agency => new ParticipantInvitation { AgencyId = agency, Role = ParticipantRole.Required }) },
        StartTime = Timestamp.FromDateTimeOffset(start),
        Location = "Welfare office, meeting room 2",
        Agenda =
        {
            new AgendaItem { Title = "How the first month at work went", Aim = "Hear each agency's view", Minutes = 20 },
            new AgendaItem { Title = "Accommodations at the workplace", Aim = "Agree what to ask the employer", Minutes = 20 },
        },
        DecisionsWanted = { "Who speaks to the employer about shorter days" },
    };

    /// <summary>The start of an hour, whole days from now: away from other tests' meetings for the same person only by the day.</summary>
    public static DateTimeOffset InDays(int days)
    {
        var now = DateTimeOffset.UtcNow.AddDays(days);
        return new DateTimeOffset(now.Year, now.Month, now.Day, 1, 0, 0, TimeSpan.Zero);
    }

    /// <summary>
    /// Moves the meeting into the past, as time passing would: its hour starts <paramref name="ago"/>
    /// before the current hour. Its revision is raised, as by every change to what a meeting shows, so
    /// no node answers a page it kept from before. Returns the new start.
    /// </summary>
    public static Task<DateTime> StartedAsync(TestDatabase database, string meetingId, TimeSpan ago) =>
        database.ScalarAsync<DateTime>($"""
            UPDATE meeting SET revision = revision + 1,
                starts_at = date_trunc('hour', now()) - interval '{(int)ago.TotalMinutes} minutes',
                ends_at = date_trunc('hour', now()) - interval '{(int)ago.TotalMinutes} minutes' + interval '1 hour'
            WHERE meeting_id = '{meetingId}' RETURNING starts_at
            """);

    /// <summary>A care-coordination consent by the person for a year: what a participant needs (M2).</summary>
    public static GrantConsentRequest CareCoordination(string personId, string recipientAgencyId) =>
        ConsentRequests.Grant(personId, recipientAgencyId, Purpose.CareCoordination, DataCategory.SupportPlan);
}
