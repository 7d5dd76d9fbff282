using Google.Protobuf.WellKnownTypes;
using Hub.Consent.Identifiers;
using Hub.V1;

namespace Hub.Meetings;

/// <summary>A stored meeting as a given agency may see it (M2, M6).</summary>
internal static class MeetingMessages
{
    /// <summary>
    /// The whole meeting for its coordinator and the participants whose consent stands; for a
    /// participant whose consent was withdrawn, only which meeting it was and that it was withdrawn.
    /// </summary>
    public static Meeting ToMessage(StoredMeeting meeting, AgencyId viewer)
    {
        var message = new Meeting
        {
            MeetingId = meeting.Id.Value,
            PersonId = meeting.Person.Value,
            CoordinatorAgencyId = meeting.Coordinator.Value,
            Status = meeting.Status,
        };
        if (!meeting.MaySeeInFull(viewer))
        {
            message.Withheld = true;
            if (meeting.Participant(viewer) is { } self)
            {
                message.Participants.Add(ToMessage(self));
            }

            return message;
        }

        message.Sequence = meeting.Sequence;
        message.StartTime = Timestamp.FromDateTimeOffset(meeting.StartsAt);
        message.TimeZone = meeting.TimeZone;
        message.DurationMinutes = meeting.DurationMinutes;
        if (meeting.Location is { } location)
        {
            message.Location = location;
        }
        else
        {
            message.OnlineUrl = meeting.OnlineUrl ?? string.Empty;
        }

        message.PersonAttends = meeting.PersonAttends;
        message.Participants.AddRange(meeting.Participants.Select(ToMessage));
        message.Agenda.AddRange(meeting.Agenda.Select(item => item.Clone()));
        message.DecisionsWanted.AddRange(meeting.DecisionsWanted);
        message.CancellationReason = meeting.CancellationReason ?? string.Empty;
        message.CreatedAt = Timestamp.FromDateTimeOffset(meeting.CreatedAt);
        if (meeting.OutcomeRecordedAt is { } recordedAt)
        {
            message.Outcome = new MeetingOutcome
            {
                Agreements = { meeting.Agreements.Select(agreement => agreement.Clone()) },
                ActionItems = { meeting.ActionItems.Select(item => item.Clone()) },
                NextReviewDate = meeting.NextReviewDate is { } review ? MeetingStore.Iso(review) : string.Empty,
                RecordedAt = Timestamp.FromDateTimeOffset(recordedAt),
            };
        }

        return message;
    }

    public static MeetingNotice Notice(StoredMeeting meeting) => new()
    {
        MeetingId = meeting.Id.Value,
        StartTime = Timestamp.FromDateTimeOffset(meeting.StartsAt),
        TimeZone = meeting.TimeZone,
        DurationMinutes = meeting.DurationMinutes,
        Sequence = meeting.Sequence,
    };

    private static MeetingParticipant ToMessage(StoredParticipant participant) => new()
    {
        AgencyId = participant.Agency.Value,
        Role = participant.Role,
        Status = participant.Status,
        Comment = participant.Comment,
        RespondedAt = participant.RespondedAt is { } at ? Timestamp.FromDateTimeOffset(at) : null,
    };
}
