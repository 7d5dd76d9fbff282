using Hub.Consent.Identifiers;
using Hub.V1;

namespace Hub.Meetings;

/// <summary>A meeting as stored, with its participants, invitation and outcome.</summary>
internal sealed record StoredMeeting
{
    public required MeetingId Id { get; init; }

    public required PersonId Person { get; init; }

    public required AgencyId Coordinator { get; init; }

    public required MeetingStatus Status { get; init; }

    public required int Sequence { get; init; }

    public required DateTimeOffset StartsAt { get; init; }

    public required DateTimeOffset EndsAt { get; init; }

    public required string TimeZone { get; init; }

    public string? Location { get; init; }

    public string? OnlineUrl { get; init; }

    public required bool PersonAttends { get; init; }

    public required IReadOnlyList<StoredParticipant> Participants { get; init; }

    public required IReadOnlyList<AgendaItem> Agenda { get; init; }

    public required IReadOnlyList<string> DecisionsWanted { get; init; }

    public string? CancellationReason { get; init; }

    public DateOnly? NextReviewDate { get; init; }

    public DateTimeOffset? OutcomeRecordedAt { get; init; }

    public IReadOnlyList<Agreement> Agreements { get; init; } = [];

    public IReadOnlyList<ActionItem> ActionItems { get; init; } = [];

    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Raised by every change to what the meeting shows (migration 0013).</summary>
    public int Revision { get; init; }

    public int DurationMinutes => (int)(EndsAt - StartsAt).TotalMinutes;

    /// <summary>The participant the agency is, if it is one.</summary>
    public StoredParticipant? Participant(AgencyId agency) => Participants.FirstOrDefault(participant => participant.Agency == agency);

    /// <summary>M6: the meeting exists for its coordinator and its participants, withdrawn ones included; for no one else.</summary>
    public bool Involves(AgencyId agency) => agency == Coordinator || Participant(agency) is not null;

    /// <summary>M6: the coordinator and the participants whose consent stands may see the meeting in full.</summary>
    public bool MaySeeInFull(AgencyId agency) =>
        agency == Coordinator || Participant(agency) is { Status: not ParticipationStatus.ConsentWithdrawn };

    /// <summary>The participants whose consent stands: who is told of the meeting and learns its outcome.</summary>
    public IEnumerable<StoredParticipant> ActiveParticipants => Participants.Where(participant => participant.Status != ParticipationStatus.ConsentWithdrawn);
}

internal sealed record StoredParticipant(AgencyId Agency, ParticipantRole Role, ParticipationStatus Status, string Comment, DateTimeOffset? RespondedAt);
