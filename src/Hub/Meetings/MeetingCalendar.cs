using System.Text;
using Hub.V1;
using Ical.Net;
using Ical.Net.CalendarComponents;
using Ical.Net.DataTypes;
using Ical.Net.Serialization;
using NodaTime;

namespace Hub.Meetings;

/// <summary>
/// M5: a meeting as an iCalendar object (RFC 5545, with RFC 5546's METHOD), for the participants'
/// calendars. It names the agencies, the time, the place and the invitation — never the content of
/// the person's data, and not the person: the person appears as a case, by no name.
/// </summary>
internal static class MeetingCalendar
{
    public const string ProductId = "-//Interop Hub//Case meetings//EN";

    /// <summary>Agencies are no mailboxes: attendees and the organizer are named by URN (RFC 8141).</summary>
    public static Uri AgencyUri(string agencyId) => new($"urn:interop-hub:agency:{agencyId}");

    /// <summary>Stable across reschedules and cancellation, so a calendar updates the event it already holds.</summary>
    public static string Uid(StoredMeeting meeting) => $"{meeting.Id.Value}@interop-hub";

    public static string Write(StoredMeeting meeting, IReadOnlyDictionary<string, string> agencyNames, DateTimeOffset now)
    {
        var cancelled = meeting.Status == MeetingStatus.Cancelled;
        var zone = DateTimeZoneProviders.Tzdb[meeting.TimeZone];
        var start = Local(meeting.StartsAt, zone);
        var calendar = new Calendar { ProductId = ProductId, Method = cancelled ? CalendarMethods.Cancel : CalendarMethods.Request };
        // Before the event, so VTIMEZONE precedes the VEVENT whose times refer to it.
        calendar.AddTimeZone(meeting.TimeZone, start, includeHistoricalData: false);
        var meetingEvent = new CalendarEvent
        {
            Uid = Uid(meeting),
            Sequence = meeting.Sequence,
            DtStamp = new CalDateTime(now.UtcDateTime, CalDateTime.UtcTzId),
            DtStart = new CalDateTime(start, meeting.TimeZone),
            DtEnd = new CalDateTime(Local(meeting.EndsAt, zone), meeting.TimeZone),
            Summary = "サービス担当者会議 / Case meeting",
            Description = Description(meeting),
            Status = cancelled ? EventStatus.Cancelled : EventStatus.Confirmed,
            Organizer = new Organizer { Value = AgencyUri(meeting.Coordinator.Value), CommonName = agencyNames.GetValueOrDefault(meeting.Coordinator.Value) },
        };
        if (meeting.Location is { } location)
        {
            meetingEvent.Location = location;
        }
        else if (meeting.OnlineUrl is { } url)
        {
            meetingEvent.Url = new Uri(url);
        }

        foreach (var participant in meeting.ActiveParticipants)
        {
            meetingEvent.Attendees.Add(new Attendee
            {
                Value = AgencyUri(participant.Agency.Value),
                CommonName = agencyNames.GetValueOrDefault(participant.Agency.Value),
                Role = participant.Role == ParticipantRole.Required ? ParticipationRole.RequiredParticipant : ParticipationRole.OptionalParticipant,
                ParticipationStatus = participant.Status switch
                {
                    ParticipationStatus.Accepted => EventParticipationStatus.Accepted,
                    ParticipationStatus.Declined => EventParticipationStatus.Declined,
                    ParticipationStatus.Tentative => EventParticipationStatus.Tentative,
                    _ => EventParticipationStatus.NeedsAction,
                },
                Rsvp = !cancelled,
            });
        }

        calendar.Events.Add(meetingEvent);
        return new CalendarSerializer().SerializeToString(calendar) ?? throw new InvalidOperationException("Ical.Net wrote no calendar.");
    }

    private static DateTime Local(DateTimeOffset instant, DateTimeZone zone) =>
        Instant.FromDateTimeOffset(instant).InZone(zone).LocalDateTime.ToDateTimeUnspecified();

    /// <summary>The one-page invitation: agenda with minutes, then the decisions wanted.</summary>
    private static string Description(StoredMeeting meeting)
    {
        var text = new StringBuilder();
        text.AppendLine("Agenda:");
        foreach (var (item, index) in meeting.Agenda.Select((item, index) => (item, index + 1)))
        {
            text.Append(index).Append(". ").Append(item.Title).Append(" (").Append(item.Minutes).Append(" min)");
            text.AppendLine(item.Aim.Length > 0 ? $" — {item.Aim}" : string.Empty);
        }

        if (meeting.DecisionsWanted.Count > 0)
        {
            text.AppendLine("Decisions wanted:");
            foreach (var decision in meeting.DecisionsWanted)
            {
                text.Append("- ").AppendLine(decision);
            }
        }

        if (meeting.CancellationReason is { } reason)
        {
            text.Append("Cancelled: ").AppendLine(reason);
        }

        return text.ToString().TrimEnd();
    }
}
