using Hub.Agencies;
using Hub.Audit;
using Hub.Consent;
using Hub.Consent.Identifiers;
using Hub.Consents;
using Hub.People;
using Hub.Storage;
using Hub.V1;
using Npgsql;
using DataCategory = Hub.Consent.DataCategory;

namespace Hub.PersonPage;

/// <summary>What an action on the page came to.</summary>
internal enum ActionOutcome
{
    Done,

    /// <summary>No such consent of this person: the same for another person's id as for a made-up one (P3).</summary>
    NotFound,

    /// <summary>The consent can no longer take this action (already withdrawn, expired, answered).</summary>
    NoLongerPossible,

    /// <summary>The approval breaks a consent rule now (e.g. a sensitive category left unticked, C4; or it would expire already).</summary>
    Refused,
}

/// <summary>
/// What the person does on their page, each through the same path an agency's call takes, with the
/// person as the actor in the audit record and the event (P2, P3).
/// </summary>
internal sealed class PersonActions(
    NpgsqlDataSource database, AuditTrail audit, ConsentChanges changes, AgencyStore agencies, ConsentPolicy policy, TimeProvider clock)
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
        using var audited = audit.Follow(transaction);
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
        await audited.CommitAsync(cancellationToken);
        return ActionOutcome.Done;
    }

    /// <summary>
    /// C9: the person (or guardian) approves a request; every GrantConsent rule is checked again, now,
    /// with the sensitive categories the person ticked. It becomes a consent under the same id,
    /// collected electronically, with the session's holder as grantor.
    /// </summary>
    public Task<ActionOutcome> ApproveAsync(PersonSession session, string consentId, IReadOnlyList<DataCategory> sensitiveTicked, CancellationToken cancellationToken) =>
        AnswerAsync(session, consentId, async (connection, transaction, request, now) =>
        {
            var grant = request.ToGrant(session.Holder, [.. sensitiveTicked.Where(request.SensitiveCategories.Contains)], now);
            var birthDate = await PersonStore.BirthDateAsync(connection, transaction, session.Person, cancellationToken);
            if (birthDate is null || GrantValidator.Validate(grant, birthDate.Value, policy) is [_, ..] || await GrantRequests.FirstNotEnabledAsync(grant, agencies, cancellationToken) is not null)
            {
                return false;
            }

            var stored = new StoredConsent(new ConsentRecord(request.Id, grant, now), null, null, null);
            await ConsentStore.InsertAsync(connection, transaction, stored, cancellationToken);
            await ConsentRequestStore.AnswerAsync(connection, transaction, request.Id, approved: true, now, cancellationToken);
            await changes.RecordAsync(connection, transaction, stored, Actor.Person(session.Person), AuditAction.ConsentGranted, now, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>C9: the person declines a request, for good; the agency that asked is told.</summary>
    public Task<ActionOutcome> DeclineAsync(PersonSession session, string consentId, CancellationToken cancellationToken) =>
        AnswerAsync(session, consentId, async (connection, transaction, request, now) =>
        {
            await ConsentRequestStore.AnswerAsync(connection, transaction, request.Id, approved: false, now, cancellationToken);
            await changes.RecordRequestAsync(connection, transaction, request with { AnsweredAt = now, Approved = false }, Actor.Person(session.Person),
                AuditAction.ConsentRequestDeclined, now, cancellationToken);
            return true;
        }, cancellationToken);

    /// <summary>
    /// Answers the session's person's open request in one transaction: <paramref name="answer"/>
    /// writes the answer and says whether the rules allowed it (committed) or not (rolled back, Refused).
    /// </summary>
    private async Task<ActionOutcome> AnswerAsync(
        PersonSession session, string consentId, Func<NpgsqlConnection, NpgsqlTransaction, StoredConsentRequest, DateTimeOffset, Task<bool>> answer, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        using var audited = audit.Follow(transaction);
        var (outcome, request) = await FindOpenAsync(connection, transaction, session, consentId, cancellationToken);
        if (request is null)
        {
            return outcome;
        }

        if (!await answer(connection, transaction, request, StoredPrecision.Of(clock.GetUtcNow())))
        {
            return ActionOutcome.Refused;
        }

        await audited.CommitAsync(cancellationToken);
        return ActionOutcome.Done;
    }

    /// <summary>The session's person's unanswered request, locked; otherwise why not.</summary>
    private static async Task<(ActionOutcome Outcome, StoredConsentRequest? Request)> FindOpenAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PersonSession session, string consentId, CancellationToken cancellationToken)
    {
        if (!OpaqueId.TryParse<ConsentId>(consentId, out var id)
            || await ConsentRequestStore.FindForAnswerAsync(connection, transaction, id, cancellationToken) is not { } request
            || request.Person != session.Person)
        {
            return (ActionOutcome.NotFound, null);
        }

        return request.IsOpen ? (ActionOutcome.Done, request) : (ActionOutcome.NoLongerPossible, null);
    }
}
