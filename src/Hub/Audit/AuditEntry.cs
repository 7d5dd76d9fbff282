using Hub.Consent;
using Hub.Consent.Identifiers;
using Hub.Meetings;
using Hub.V1;
using Purpose = Hub.Consent.Purpose;

namespace Hub.Audit;

/// <summary>What one audit record says happened (A1): who did what with which of the person's data, and on what ground.</summary>
internal sealed record AuditEntry
{
    public required PersonId Person { get; init; }

    /// <summary>The agency that acted, or the person on their own page.</summary>
    public required Actor Accessor { get; init; }

    public required AuditAction Action { get; init; }

    public required Purpose Purpose { get; init; }

    public required CategorySet Categories { get; init; }

    public IReadOnlyList<ConsentId> ConsentIds { get; init; } = [];

    public IReadOnlyList<AgencyId> AuthorAgencies { get; init; } = [];

    public bool BreakGlass { get; init; }

    public string? Justification { get; init; }

    /// <summary>The meeting disclosed, for <see cref="AuditAction.MeetingDisclosed"/>.</summary>
    public MeetingId? Meeting { get; init; }

    /// <summary>The event acknowledged, for <see cref="AuditAction.EventAcknowledged"/>.</summary>
    public Events.HubEventId? Event { get; init; }
}
