using Hub.Audit;
using Hub.Consent.Identifiers;
using Hub.Consent;
using Hub.Consents;
using Hub.Events;
using Hub.People;
using Hub.Rpc;
using Hub.Storage;
using Hub.V1;
using Microsoft.Extensions.Options;
using Npgsql;
using DataCategory = Hub.Consent.DataCategory;

namespace Hub.Cases;

/// <summary>
/// Break-glass reads (C8): in danger to life any authenticated agency may read a person's identity and
/// crisis plan without consent, with a written justification. The read, flagged, and an event for every
/// agency linked to the person commit together before anything is returned; an agency may break the
/// glass for one person only a few times a day.
/// </summary>
internal sealed class BreakGlassReads(NpgsqlDataSource database, AuditTrail audit, IOptions<BreakGlassOptions> options, TimeProvider clock, ILogger<BreakGlassReads> logger)
{
    public const int MinJustificationLength = 20;

    /// <summary>All that break-glass ever releases.</summary>
    public static readonly CategorySet Releasable = CategorySet.Of([DataCategory.IdentityBasic, DataCategory.CrisisPlan]);

    public async Task<GetCaseSummaryResponse> ReadAsync(
        AgencyId caller, string personId, CategorySet requested, IReadOnlyCollection<AgencyId>? authors, string justification, CancellationToken cancellationToken)
    {
        justification = justification.Trim();
        if (justification.Length < MinJustificationLength)
        {
            throw Errors.InvalidArgument("break_glass_justification",
                $"Break-glass access needs break_glass_justification: why there is danger to life, in at least {MinJustificationLength} characters.",
                "BREAK_GLASS_JUSTIFICATION_REQUIRED");
        }

        var permitted = CategorySet.Of((requested.IsEmpty ? CategorySet.All : requested).Where(Releasable.Contains));
        if (permitted.IsEmpty)
        {
            throw Errors.InvalidField("categories", "Break-glass access reads only IDENTITY_BASIC and CRISIS_PLAN.");
        }

        var person = RequestIds.Person(personId);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        using var audited = audit.Follow(transaction);
        await RequirePersonAsync(connection, transaction, person, cancellationToken);
        await RequireWithinLimitAsync(connection, transaction, caller, person, cancellationToken);

        var current = await CaseSummaryStore.CurrentAsync(connection, transaction, person, cancellationToken);
        var summaries = SummaryFilter.Keep(
            current.Where(summary => authors is null || authors.Contains(OpaqueId.Parse<AgencyId>(summary.AuthorAgencyId))),
            _ => permitted);
        var linked = await PersonAccessPolicy.LinkedAgenciesAsync(connection, transaction, person, cancellationToken);
        var disclosed = SummaryFilter.Categories(summaries);
        var now = clock.GetUtcNow();
        var recordId = (await audit.AppendAsync(connection, transaction,
        [
            new AuditEntry
            {
                Person = person,
                Accessor = caller,
                Action = AuditAction.DataDisclosed,
                Purpose = Hub.Consent.Purpose.Emergency,
                Categories = disclosed,
                AuthorAgencies = [.. summaries.Select(summary => OpaqueId.Parse<AgencyId>(summary.AuthorAgencyId))],
                BreakGlass = true,
                Justification = justification,
            },
        ], cancellationToken)).Ids[0];
        await Outbox.AddAsync(connection, transaction, new HubEvent
        {
            PersonId = person.Value,
            BreakGlassAccess = new BreakGlassAccess
            {
                AccessorAgencyId = caller.Value,
                Justification = justification,
                Categories = { disclosed.Select(ConsentMessages.ToMessage) },
                AccessRecordId = recordId.Value,
            },
        }, linked, now, cancellationToken);
        await audited.CommitAsync(cancellationToken);
        logger.BreakGlassRead(person.Value, caller.Value, justification);
        return new GetCaseSummaryResponse
        {
            Summaries = { summaries },
            PermittedCategories = { permitted.Select(ConsentMessages.ToMessage) },
            AccessRecordId = recordId.Value,
        };
    }

    private static async Task RequirePersonAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, PersonId person, CancellationToken cancellationToken)
    {
        await using var exists = connection.Command("SELECT EXISTS (SELECT 1 FROM person WHERE person_id = $1)", transaction).WithParameters(person.Value);
        if (await exists.ExecuteScalarAsync(cancellationToken) is not true)
        {
            throw Errors.NotFound("Person");
        }
    }

    /// <summary>Counts the agency's recent break-glass reads of the person, serialised so two at once can't both slip under the limit.</summary>
    private async Task RequireWithinLimitAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, AgencyId caller, PersonId person, CancellationToken cancellationToken)
    {
        var limit = options.Value;
        await AdvisoryLock.TakeAsync(connection, transaction, $"break_glass/{caller}/{person}", cancellationToken);
        await using var count = connection.Command(
            "SELECT count(*) FROM audit_record WHERE accessor_agency_id = $1 AND person_id = $2 AND break_glass AND occurred_at > $3", transaction)
            .WithParameters(caller.Value, person.Value, (clock.GetUtcNow() - limit.Window).UtcDateTime);
        if ((long)(await count.ExecuteScalarAsync(cancellationToken))! >= limit.MaxReads)
        {
            throw Errors.ResourceExhausted(
                $"This agency has broken the glass for this person {limit.MaxReads} times within {limit.Window.TotalHours:0} hours; ask a linked agency, or get the person's consent.",
                "BREAK_GLASS_RATE_LIMITED");
        }
    }
}
