using Hub.Consent;
using Hub.Events;
using Hub.V1;
using Npgsql;

namespace Hub.Meetings;

/// <summary>M2's other half: a revoked care-coordination consent withdraws its recipient from the person's meetings to come.</summary>
internal static class MeetingWithdrawals
{
    /// <summary>
    /// In the revocation's transaction: the recipient's participations that no other consent of the
    /// person still covers become CONSENT_WITHDRAWN, and the coordinator and the recipient are each told.
    /// </summary>
    public static async Task OnConsentRevokedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, ConsentGrant grant, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (grant.Purpose != Consent.Purpose.CareCoordination)
        {
            return;
        }

        foreach (var (meeting, coordinator) in await MeetingStore.WithdrawParticipationsAsync(connection, transaction, grant.Person, grant.Recipient, now, cancellationToken))
        {
            var hubEvent = new HubEvent
            {
                PersonId = grant.Person.Value,
                ParticipantConsentWithdrawn = new ParticipantConsentWithdrawn { MeetingId = meeting.Value, AgencyId = grant.Recipient.Value },
            };
            await Outbox.AddAsync(connection, transaction, hubEvent, [coordinator, grant.Recipient], now, cancellationToken);
        }
    }
}
