using Hub.Audit;
using Hub.Consent.Identifiers;
using Hub.Consents;
using Npgsql;

namespace Hub.PersonPage;

/// <summary>What an action on the page came to.</summary>
internal enum ActionOutcome
{
    Done,

    /// <summary>No such consent of this person: the same for another person's id as for a made-up one (P3).</summary>
    NotFound,

    /// <summary>The consent can no longer take this action (already withdrawn, expired, answered).</summary>
    NoLongerPossible,
}

/// <summary>
/// What the person does on their page, each through the same path an agency's call takes, with the
/// person as the actor in the audit record and the event (P2, P3).
/// </summary>
internal sealed class PersonActions(NpgsqlDataSource database, ConsentChanges changes)
{
    /// <summary>The reason recorded when the person gives none: withdrawal needs no reason.</summary>
    public const string DefaultWithdrawalReason = "Withdrawn by the person on their own page.";

    /// <summary>C7: the person withdraws one of their consents; it binds every node at once (C3).</summary>
    public async Task<ActionOutcome> WithdrawAsync(PersonSession session, string consentId, string? reason, CancellationToken cancellationToken)
    {
        if (!OpaqueId.TryParse<ConsentId>(consentId, out var id))
        {
            return ActionOutcome.NotFound;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var stored = await ConsentStore.FindAsync(connection, transaction, id, cancellationToken);
        if (stored is null || stored.Grant.Person != session.Person)
        {
            return ActionOutcome.NotFound;
        }

        if (stored.Record.RevokedAt is not null)
        {
            return ActionOutcome.NoLongerPossible;
        }

        var text = string.IsNullOrWhiteSpace(reason) ? DefaultWithdrawalReason : reason.Trim();
        await changes.RevokeAsync(connection, transaction, stored, Actor.Person(session.Person), text, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return ActionOutcome.Done;
    }
}
