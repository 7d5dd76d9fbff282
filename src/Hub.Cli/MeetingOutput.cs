using Grpc.Net.Client;
using Hub.V1;

namespace Hub.Cli;

/// <summary>Meetings as hubctl prints them, with agencies named.</summary>
internal static class MeetingOutput
{
    /// <summary>One meeting: its fields, participants, agenda and, once held, its outcome.</summary>
    public static async Task PrintAsync(TextOutput output, GrpcChannel channel, Meeting meeting, CancellationToken cancellationToken)
    {
        var names = await AgencyNames.LookUpAsync(
            channel, [meeting.CoordinatorAgencyId, .. meeting.Participants.Select(participant => participant.AgencyId), .. meeting.Outcome?.ActionItems.Select(item => item.OwnerAgencyId) ?? []], cancellationToken);
        if (meeting.Withheld)
        {
            output.Fields(
                ("meeting id", meeting.MeetingId),
                ("person", meeting.PersonId),
                ("coordinator", names.NameAndId(meeting.CoordinatorAgencyId)),
                ("status", ProtoEnum<MeetingStatus>.ShortName(meeting.Status)),
                ("your part", string.Join(", ", meeting.Participants.Select(participant => ProtoEnum<ParticipationStatus>.ShortName(participant.Status)))));
            output.Line("(the person's consent for care coordination with your agency was withdrawn: the meeting is no longer shared with it)");
            return;
        }

        List<(string Label, string Value)> fields =
        [
            ("meeting id", meeting.MeetingId),
            ("person", meeting.PersonId),
            ("coordinator", names.NameAndId(meeting.CoordinatorAgencyId)),
            ("status", $"{ProtoEnum<MeetingStatus>.ShortName(meeting.Status)} (sequence {meeting.Sequence})"),
            ("when", $"{LocalStart(meeting)}, {meeting.DurationMinutes} min"),
            (meeting.VenueCase == Meeting.VenueOneofCase.Location ? "place" : "online", meeting.VenueCase == Meeting.VenueOneofCase.Location ? meeting.Location : meeting.OnlineUrl),
            ("person attends", meeting.PersonAttends ? "yes" : "no"),
        ];
        if (meeting.CancellationReason.Length > 0)
        {
            fields.Add(("cancelled", meeting.CancellationReason));
        }

        output.Fields([.. fields]);
        output.Line();
        output.Table(
            ["PARTICIPANT", "ROLE", "ANSWER", "COMMENT"],
            [.. meeting.Participants.Select(participant => new[]
            {
                names.Name(participant.AgencyId),
                ProtoEnum<ParticipantRole>.ShortName(participant.Role),
                ProtoEnum<ParticipationStatus>.ShortName(participant.Status),
                participant.Comment,
            })]);
        output.Line();
        output.Table(["MIN", "AGENDA", "AIM"], [.. meeting.Agenda.Select(item => new[] { item.Minutes.ToString(System.Globalization.CultureInfo.InvariantCulture), item.Title, item.Aim })]);
        foreach (var decision in meeting.DecisionsWanted)
        {
            output.Line($"decision wanted: {decision}");
        }

        if (meeting.Outcome is { } outcome)
        {
            output.Line();
            foreach (var agreement in outcome.Agreements)
            {
                output.Line($"agreed{(agreement.ConfirmedByPerson ? " (read back, confirmed by the person)" : string.Empty)}: {agreement.Text}");
                if (agreement.PersonWords.Length > 0)
                {
                    output.Line($"  in the person's words: {agreement.PersonWords}");
                }
            }

            PrintActionItems(output, outcome.ActionItems, names);
            output.Line($"next review: {outcome.NextReviewDate}");
        }
    }

    /// <summary>Meetings a row each, by start.</summary>
    public static void PrintTable(TextOutput output, IReadOnlyList<Meeting> meetings) =>
        output.Table(
            ["MEETING ID", "PERSON", "STATUS", "START", "MIN", "PARTICIPANTS"],
            [.. meetings.Select(meeting => new[]
            {
                meeting.MeetingId,
                meeting.PersonId,
                meeting.Withheld ? "WITHDRAWN" : ProtoEnum<MeetingStatus>.ShortName(meeting.Status),
                TextOutput.Time(meeting.StartTime),
                meeting.Withheld ? string.Empty : meeting.DurationMinutes.ToString(System.Globalization.CultureInfo.InvariantCulture),
                meeting.Withheld ? string.Empty : meeting.Participants.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })]);

    public static void PrintActionItems(TextOutput output, IReadOnlyList<ActionItem> items, AgencyNames names) =>
        output.Table(
            ["DUE", "OWNER", "ACTION", "MEETING"],
            [.. items.Select(item => new[] { item.DueDate, names.Name(item.OwnerAgencyId), item.Description, item.MeetingId })]);

    /// <summary>The start as the meeting's zone tells it, then as UTC; UTC alone when this machine does not know the zone.</summary>
    private static string LocalStart(Meeting meeting)
    {
        var utc = TextOutput.Time(meeting.StartTime);
        try
        {
            var local = TimeZoneInfo.ConvertTime(meeting.StartTime.ToDateTimeOffset(), TimeZoneInfo.FindSystemTimeZoneById(meeting.TimeZone));
            return $"{local.ToString("yyyy-MM-dd HH:mm", System.Globalization.CultureInfo.InvariantCulture)} {meeting.TimeZone} ({utc})";
        }
        catch (TimeZoneNotFoundException)
        {
            return $"{utc} ({meeting.TimeZone})";
        }
    }
}
