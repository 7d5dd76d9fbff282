using Hub.Consent.Identifiers;
using Hub.Consents;
using Hub.Meetings;
using Hub.People;
using Hub.V1;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Hub.Events;

/// <summary>
/// The events no call causes but time does (E1): a consent's expiry, a plan review falling due, an
/// action item past its due date. Each is announced once: the row is marked in the transaction that
/// writes its event, and rows another transaction holds are skipped, so two nodes never both write one.
/// </summary>
internal sealed class TimedEvents(NpgsqlDataSource database, IOptions<EventOptions> options, TimeProvider clock, ILogger<TimedEvents> logger)
{
    private const int BatchSize = 200;

    public async Task AnnounceDueAsync(CancellationToken cancellationToken)
    {
        var expired = await AnnounceAllAsync(AnnounceExpiredConsentsAsync, cancellationToken);
        var reviews = await AnnounceAllAsync(AnnounceReviewsDueAsync, cancellationToken);
        var overdue = await AnnounceAllAsync(AnnounceOverdueActionItemsAsync, cancellationToken);
        if (expired + reviews + overdue > 0)
        {
            logger.Announced(expired, reviews, overdue);
        }
    }

    /// <summary>Runs one kind of announcement, a batch per transaction, until a batch comes back short.</summary>
    private async Task<int> AnnounceAllAsync(
        Func<NpgsqlConnection, NpgsqlTransaction, DateTimeOffset, CancellationToken, Task<int>> announce, CancellationToken cancellationToken)
    {
        var total = 0;
        while (true)
        {
            await using var connection = await database.OpenConnectionAsync(cancellationToken);
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
            var count = await announce(connection, transaction, clock.GetUtcNow(), cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            total += count;
            if (count < BatchSize)
            {
                return total;
            }
        }
    }

    /// <summary>To the recipient and the agencies linked to the person, as a grant or revocation is told.</summary>
    private static async Task<int> AnnounceExpiredConsentsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var expired = await ConsentStore.AnnounceExpiredAsync(connection, transaction, now, BatchSize, cancellationToken);
        foreach (var stored in expired)
        {
            var grant = stored.Grant;
            var linked = await PersonAccessPolicy.LinkedAgenciesAsync(connection, transaction, grant.Person, cancellationToken);
            var hubEvent = new HubEvent
            {
                PersonId = grant.Person.Value,
                ConsentExpired = new ConsentExpired { Consent = ConsentMessages.ToMessage(stored, now) },
            };
            await Outbox.AddAsync(connection, transaction, hubEvent, [.. linked, grant.Recipient], now, cancellationToken);
        }

        return expired.Count;
    }

    private async Task<int> AnnounceReviewsDueAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var due = await MeetingStore.AnnounceReviewsDueAsync(connection, transaction, now, options.Value.ReviewNoticeDays, BatchSize, cancellationToken);
        foreach (var (meeting, person, coordinator, reviewDate) in due)
        {
            var hubEvent = new HubEvent
            {
                PersonId = person.Value,
                ReviewDue = new ReviewDue { MeetingId = meeting.Value, ReviewDate = MeetingStore.Iso(reviewDate) },
            };
            await Outbox.AddAsync(connection, transaction, hubEvent, [coordinator], now, cancellationToken);
        }

        return due.Count;
    }

    private static async Task<int> AnnounceOverdueActionItemsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var overdue = await MeetingStore.AnnounceOverdueActionItemsAsync(connection, transaction, now, BatchSize, cancellationToken);
        foreach (var item in overdue)
        {
            var hubEvent = new HubEvent
            {
                PersonId = item.PersonId,
                ActionItemOverdue = new ActionItemOverdue { MeetingId = item.MeetingId, Description = item.Description, DueDate = item.DueDate },
            };
            await Outbox.AddAsync(connection, transaction, hubEvent, [OpaqueId.Parse<AgencyId>(item.OwnerAgencyId)], now, cancellationToken);
        }

        return overdue.Count;
    }
}
