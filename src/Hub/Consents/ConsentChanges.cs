using Hub.Audit;
using Hub.Consent;
using Hub.Consent.Identifiers;
using Hub.Events;
using Hub.Meetings;
using Hub.People;
using Hub.Rpc;
using Hub.Storage;
using Hub.V1;
using Npgsql;

namespace Hub.Consents;

/// <summary>
/// What every consent change writes with it, whoever makes it — an agency over gRPC or the person on
/// their own page: the outbox event for the linked agencies and the recipient, and the audit record,
/// in the change's transaction (A1, E2).
/// </summary>
internal sealed class ConsentChanges(AuditTrail audit, TimeProvider clock)
{
    /// <summary>
    /// Revokes <paramref name="stored"/> (read with its row locked) for <paramref name="revoker"/>: the
    /// one path for RevokeConsent and the person's own withdrawal (C3, C7). Its care-coordination
    /// meetings drop the recipient in the same transaction (M2).
    /// </summary>
    public async Task<V1.Consent> RevokeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StoredConsent stored, Actor revoker, string reason, CancellationToken cancellationToken)
    {
        if (stored.Record.RevokedAt is not null)
        {
            throw Errors.FailedPrecondition("The consent is already revoked; revocation can't be undone, and a new consent is needed to share again.", "CONSENT_ALREADY_REVOKED");
        }

        var now = StoredPrecision.Of(clock.GetUtcNow());
        await ConsentStore.RevokeAsync(connection, transaction, stored.Id, revoker, reason, now, cancellationToken);
        await MeetingWithdrawals.OnConsentRevokedAsync(connection, transaction, stored.Grant, now, cancellationToken);
        var revoked = stored with { Record = stored.Record with { RevokedAt = now }, RevokedBy = revoker, RevocationReason = reason };
        return await RecordAsync(connection, transaction, revoked, revoker, AuditAction.ConsentRevoked, now, cancellationToken);
    }

    /// <summary>
    /// After a consent request is drafted (by the agency) or declined (by the person) in this
    /// transaction: its audit record, and for a decline the event for the agency that asked and the
    /// linked agencies. An approval is a grant, recorded by <see cref="RecordAsync"/>.
    /// </summary>
    public Task RecordRequestAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StoredConsentRequest request, Actor actor, AuditAction action, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var declined = action == AuditAction.ConsentRequestDeclined
            ? new HubEvent { PersonId = request.Person.Value, ConsentRequestDeclined = new ConsentRequestDeclined { Consent = ConsentMessages.ToMessage(request) } }
            : null;
        return WriteAsync(connection, transaction, declined, request.RequestedBy, request.Person, actor, action, request.Purpose, request.Categories, request.Id, now, cancellationToken);
    }

    /// <summary>
    /// After a grant or revocation in this transaction, given the consent as it now stands (its times
    /// already at the stored precision, so the answer is what later reads show): its outbox event and
    /// its audit record, appended last.
    /// </summary>
    public async Task<V1.Consent> RecordAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, StoredConsent stored, Actor actor, AuditAction action, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var consent = ConsentMessages.ToMessage(stored, now);
        var grant = stored.Grant;
        var hubEvent = action == AuditAction.ConsentGranted
            ? new HubEvent { PersonId = grant.Person.Value, ConsentGranted = new ConsentGranted { Consent = consent } }
            : new HubEvent { PersonId = grant.Person.Value, ConsentRevoked = new ConsentRevoked { Consent = consent } };
        await WriteAsync(connection, transaction, hubEvent, grant.Recipient, grant.Person, actor, action, grant.Purpose, grant.Categories, stored.Id, now, cancellationToken);
        return consent;
    }

    /// <summary>
    /// The event, if any, for the agencies linked to the person and <paramref name="alsoTold"/> (the
    /// recipient, or the agency that asked), then the audit record of the consent (or request)
    /// <paramref name="consent"/>, appended last: it holds the chain's head until commit.
    /// </summary>
    private async Task WriteAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, HubEvent? hubEvent, AgencyId alsoTold,
        PersonId person, Actor actor, AuditAction action, Consent.Purpose purpose, IEnumerable<Consent.DataCategory> categories, ConsentId consent,
        DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (hubEvent is not null)
        {
            var audience = await PersonAccessPolicy.LinkedAgenciesAsync(connection, transaction, person, cancellationToken);
            await Outbox.AddAsync(connection, transaction, hubEvent, [.. audience, alsoTold], now, cancellationToken);
        }

        await audit.AppendAsync(connection, transaction,
        [
            new AuditEntry
            {
                Person = person,
                Accessor = actor,
                Action = action,
                Purpose = purpose,
                Categories = CategorySet.Of(categories),
                ConsentIds = [consent],
            },
        ], cancellationToken);
    }
}
