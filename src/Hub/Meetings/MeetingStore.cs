using Hub.Consent.Identifiers;
using Hub.Rpc;
using Hub.Storage;
using Hub.V1;
using Npgsql;

namespace Hub.Meetings;

/// <summary>
/// Meetings in PostgreSQL. Changes run in the caller's transaction (the idempotent call's), reads of
/// one meeting or of a page fetch the meetings and everything under them in one round trip.
/// </summary>
internal sealed class MeetingStore(NpgsqlDataSource database)
{
    /// <summary>Care coordination (Purpose) and the statuses as stored; the numbers are those of the proto enums.</summary>
    private const short CareCoordination = (short)Purpose.CareCoordination;
    private const short Scheduled = (short)MeetingStatus.Scheduled;
    private const short Held = (short)MeetingStatus.Held;
    private const short Withdrawn = (short)ParticipationStatus.ConsentWithdrawn;

    private const string Columns =
        "meeting_id, person_id, coordinator_agency_id, status, sequence, starts_at, ends_at, time_zone, location, online_url, " +
        "person_attends, decisions_wanted, cancellation_reason, next_review_date, outcome_recorded_at, created_at, revision";

    /// <summary><see cref="Columns"/> of the meeting aliased <c>m</c>, for the list's joins; built once, not per call.</summary>
    private static readonly string ColumnsOfM = string.Join(", ", Columns.Split(", ").Select(column => $"m.{column}"));

    public static async Task InsertAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, StoredMeeting meeting, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand($"INSERT INTO meeting ({Columns}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, NULL, NULL, NULL, $13, 0)")
            .WithParameters(
                meeting.Id.Value, meeting.Person.Value, meeting.Coordinator.Value, (short)meeting.Status, meeting.Sequence,
                meeting.StartsAt.UtcDateTime, meeting.EndsAt.UtcDateTime, meeting.TimeZone, meeting.Location, meeting.OnlineUrl,
                meeting.PersonAttends, meeting.DecisionsWanted.ToArray(), meeting.CreatedAt.UtcDateTime));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO meeting_participant (meeting_id, agency_id, position, role, status, comment, responded_at, starts_at)
            SELECT $1, agency, position, role, $4, '', NULL, $5 FROM unnest($2::text[], $3::smallint[]) WITH ORDINALITY AS p(agency, role, position)
            """).WithParameters(
                meeting.Id.Value,
                meeting.Participants.Select(participant => participant.Agency.Value).ToArray(),
                meeting.Participants.Select(participant => (short)participant.Role).ToArray(),
                (short)ParticipationStatus.NeedsAction,
                meeting.StartsAt.UtcDateTime));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO meeting_agenda_item (meeting_id, position, title, aim, minutes)
            SELECT $1, position, title, aim, minutes FROM unnest($2::text[], $3::text[], $4::int[]) WITH ORDINALITY AS a(title, aim, minutes, position)
            """).WithParameters(
                meeting.Id.Value,
                meeting.Agenda.Select(item => item.Title).ToArray(),
                meeting.Agenda.Select(item => item.Aim).ToArray(),
                meeting.Agenda.Select(item => item.Minutes).ToArray()));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The meeting, read in the caller's transaction and locked against concurrent changes until it ends.</summary>
    public static async Task<StoredMeeting?> FindForUpdateAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MeetingId meeting, CancellationToken cancellationToken) =>
        (await ReadAsync(connection, transaction, $"SELECT {Columns} FROM meeting WHERE meeting_id = $1 FOR UPDATE", [meeting.Value], cancellationToken)).SingleOrDefault();

    public async Task<StoredMeeting?> FindAsync(MeetingId meeting, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return (await ReadAsync(connection, null, $"SELECT {Columns} FROM meeting WHERE meeting_id = $1", [meeting.Value], cancellationToken)).SingleOrDefault();
    }

    /// <summary>
    /// The meetings the agency convenes or takes part in, by start; <paramref name="after"/> is the
    /// <see cref="PageKey"/> of the last meeting of the page before.
    /// </summary>
    public async Task<IReadOnlyList<StoredMeeting>> ListAsync(
        AgencyId agency, PersonId? person, DateTimeOffset? startAfter, string? after, int limit, CancellationToken cancellationToken)
    {
        var (sql, parameters) = PageStatement(ColumnsOfM, "*", agency, person, startAfter, after, limit);
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, sql, parameters, cancellationToken);
    }

    /// <summary>
    /// The page <see cref="ListAsync"/> would read, as the ids and revisions of its meetings in order
    /// (<see cref="PageVersions.Of"/>'s text, written by PostgreSQL: one value to compare, not 50
    /// rows to read), and the withdrawal epoch, all of one snapshot: enough to tell whether a page read
    /// before still stands. One index scan, without the meetings' participants and agenda.
    /// </summary>
    public async Task<PageVersions> VersionsAsync(
        AgencyId agency, PersonId? person, DateTimeOffset? startAfter, string? after, int limit, CancellationToken cancellationToken)
    {
        var (page, parameters) = PageStatement("m.meeting_id, m.starts_at, m.revision", "meeting_id, starts_at, revision", agency, person, startAfter, after, limit);
        await using var command = database.CreateCommand($"""
            SELECT string_agg(meeting_id || ':' || revision, ',' ORDER BY starts_at, meeting_id), (SELECT epoch FROM meeting_withdrawal_epoch)
            FROM ({page}) page_versions
            """).WithParameters(parameters);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PageVersions(reader.GetInt64(1), reader.IsDBNull(0) ? null : reader.GetString(0));
    }

    /// <summary>
    /// The statement of a page of the agency's meetings, <paramref name="branchColumns"/> of each
    /// meeting (aliased <c>m</c>, <c>starts_at</c> and <c>meeting_id</c> among them) and
    /// <paramref name="pageColumns"/> of the page. Each branch runs down its own index, and only the
    /// filters given are in the statement: a generic plan of "$2 IS NULL OR …" would scan every meeting.
    /// </summary>
    private static (string Sql, object?[] Parameters) PageStatement(
        string branchColumns, string pageColumns, AgencyId agency, PersonId? person, DateTimeOffset? startAfter, string? after, int limit)
    {
        var (afterStart, afterId) = Paging.ParseTimeKey(after);
        // The same filters on each branch's own ordered columns: the meeting's, or the participation's copy.
        string Filter(string ordered) => string.Concat(
            person is null ? string.Empty : " AND m.person_id = $3",
            startAfter is null ? string.Empty : $" AND {ordered}.starts_at >= $4",
            afterStart is null ? string.Empty : $" AND ({ordered}.starts_at, {ordered}.meeting_id) > ($5, $6)");
        var sql = $"""
            SELECT {pageColumns} FROM (
                (SELECT {branchColumns} FROM meeting m WHERE m.coordinator_agency_id = $1{Filter("m")} ORDER BY m.starts_at, m.meeting_id LIMIT $2)
                UNION ALL
                (SELECT {branchColumns} FROM meeting_participant p JOIN meeting m ON m.meeting_id = p.meeting_id
                 WHERE p.agency_id = $1{Filter("p")} ORDER BY p.starts_at, p.meeting_id LIMIT $2)
            ) page ORDER BY starts_at, meeting_id LIMIT $2
            """;
        // Positional parameters the statement doesn't name are still sent, typed, and ignored.
        return (sql, [agency.Value, limit, person?.Value ?? string.Empty, startAfter?.UtcDateTime ?? DateTime.UnixEpoch, afterStart ?? DateTime.UnixEpoch, afterId ?? string.Empty]);
    }

    /// <summary>The person's own meetings, for their page: the latest <paramref name="limit"/> by start, newest first.</summary>
    public async Task<IReadOnlyList<StoredMeeting>> ListOfPersonAsync(PersonId person, int limit, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken);
        return await ReadAsync(connection, null, $"SELECT {Columns} FROM meeting WHERE person_id = $1 ORDER BY starts_at DESC, meeting_id DESC LIMIT $2",
            [person.Value, limit], cancellationToken);
    }

    public static string PageKey(StoredMeeting meeting) => Paging.TimeKey(meeting.StartsAt, meeting.Id.Value);

    /// <summary>
    /// M2: for each of <paramref name="agencies"/> that holds one, its care-coordination consents for
    /// the person that are active at <paramref name="now"/> and last through <paramref name="endsAt"/>.
    /// The rows are locked against revocation until the transaction ends, so a revocation that commits
    /// meanwhile is either seen here or sees the meeting.
    /// </summary>
    public static async Task<IReadOnlyDictionary<AgencyId, IReadOnlyList<ConsentId>>> CareCoordinationConsentsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PersonId person, IEnumerable<AgencyId> agencies, DateTimeOffset now, DateTimeOffset endsAt,
        CancellationToken cancellationToken)
    {
        await using var command = connection.Command("""
            SELECT recipient_agency_id, consent_id FROM consent
            WHERE person_id = $1 AND recipient_agency_id = ANY ($2) AND purpose = $3
              AND revoked_at IS NULL AND valid_from <= $4 AND expires_at >= $5
            ORDER BY consent_id
            FOR SHARE
            """, transaction).WithParameters(person.Value, agencies.Select(agency => agency.Value).ToArray(), CareCoordination, now.UtcDateTime, endsAt.UtcDateTime);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var consents = new Dictionary<AgencyId, List<ConsentId>>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var agency = OpaqueId.Parse<AgencyId>(reader.GetString(0));
            if (!consents.TryGetValue(agency, out var ids))
            {
                consents[agency] = ids = [];
            }

            ids.Add(OpaqueId.Parse<ConsentId>(reader.GetString(1)));
        }

        return consents.ToDictionary(pair => pair.Key, pair => (IReadOnlyList<ConsentId>)pair.Value);
    }

    /// <summary>The time of a scheduled meeting of the person overlapping the range, if there is one (M3's answer).</summary>
    public async Task<(DateTimeOffset Start, DateTimeOffset End)?> ConflictAsync(
        PersonId person, DateTimeOffset start, DateTimeOffset end, MeetingId? except, CancellationToken cancellationToken)
    {
        await using var command = database.CreateCommand("""
            SELECT starts_at, ends_at FROM meeting
            WHERE person_id = $1 AND status = $2 AND tstzrange(starts_at, ends_at) && tstzrange($3, $4) AND meeting_id <> $5
            ORDER BY starts_at LIMIT 1
            """).WithParameters(person.Value, Scheduled, start.UtcDateTime, end.UtcDateTime, except?.Value ?? string.Empty);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? (reader.GetFieldValue<DateTimeOffset>(0), reader.GetFieldValue<DateTimeOffset>(1)) : null;
    }

    /// <summary>Moves the meeting and raises its SEQUENCE; every standing answer returns to NEEDS_ACTION.</summary>
    public static async Task RescheduleAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, MeetingId meeting, DateTimeOffset start, DateTimeOffset end, string timeZone, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE meeting SET starts_at = $2, ends_at = $3, time_zone = $4, sequence = sequence + 1, revision = revision + 1 WHERE meeting_id = $1")
            .WithParameters(meeting.Value, start.UtcDateTime, end.UtcDateTime, timeZone));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            UPDATE meeting_participant SET starts_at = $4,
                status = CASE WHEN status = $3 THEN status ELSE $2 END,
                comment = CASE WHEN status = $3 THEN comment ELSE '' END,
                responded_at = CASE WHEN status = $3 THEN responded_at END
            WHERE meeting_id = $1
            """).WithParameters(meeting.Value, (short)ParticipationStatus.NeedsAction, Withdrawn, start.UtcDateTime));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task CancelAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, MeetingId meeting, string reason, CancellationToken cancellationToken)
    {
        await using var update = connection.Command("UPDATE meeting SET status = $2, cancellation_reason = $3, sequence = sequence + 1, revision = revision + 1 WHERE meeting_id = $1", transaction)
            .WithParameters(meeting.Value, (short)MeetingStatus.Cancelled, reason);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>The participant's answer; the meeting's revision is raised with it, as what the meeting shows changed.</summary>
    public static async Task RespondAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, MeetingId meeting, AgencyId agency, ParticipationStatus status, string comment, DateTimeOffset at,
        CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE meeting_participant SET status = $3, comment = $4, responded_at = $5 WHERE meeting_id = $1 AND agency_id = $2")
            .WithParameters(meeting.Value, agency.Value, (short)status, comment, at.UtcDateTime));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE meeting SET revision = revision + 1 WHERE meeting_id = $1").WithParameters(meeting.Value));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    public static async Task RecordOutcomeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, MeetingId meeting, IReadOnlyList<Agreement> agreements, IReadOnlyList<ActionItem> actionItems,
        DateOnly nextReview, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand("UPDATE meeting SET status = $2, next_review_date = $3, outcome_recorded_at = $4, revision = revision + 1 WHERE meeting_id = $1")
            .WithParameters(meeting.Value, Held, nextReview, at.UtcDateTime));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO meeting_agreement (meeting_id, position, text, confirmed_by_person, person_words)
            SELECT $1, position, text, confirmed, words FROM unnest($2::text[], $3::boolean[], $4::text[]) WITH ORDINALITY AS a(text, confirmed, words, position)
            """).WithParameters(
                meeting.Value,
                agreements.Select(agreement => agreement.Text).ToArray(),
                agreements.Select(agreement => agreement.ConfirmedByPerson).ToArray(),
                agreements.Select(agreement => agreement.PersonWords).ToArray()));
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO meeting_action_item (meeting_id, position, description, owner_agency_id, due_date)
            SELECT $1, position, description, owner, due FROM unnest($2::text[], $3::text[], $4::date[]) WITH ORDINALITY AS a(description, owner, due, position)
            """).WithParameters(
                meeting.Value,
                actionItems.Select(item => item.Description).ToArray(),
                actionItems.Select(item => item.OwnerAgencyId).ToArray(),
                actionItems.Select(item => DateOnly.ParseExact(item.DueDate, "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)).ToArray()));
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// M2, in the transaction of a revocation: the agency's participations in the person's meetings
    /// still to come that no other care-coordination consent covers become CONSENT_WITHDRAWN. Returns
    /// those meetings with their coordinators, to be told.
    /// </summary>
    public static async Task<IReadOnlyList<(MeetingId Meeting, AgencyId Coordinator)>> WithdrawParticipationsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, PersonId person, AgencyId agency, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // The epoch is raised, and its row locked, only when a participation is withdrawn (see 0013).
        await using var command = connection.Command("""
            WITH withdrawn AS (
            UPDATE meeting_participant p SET status = $4
            FROM meeting m
            WHERE m.meeting_id = p.meeting_id AND m.person_id = $1 AND p.agency_id = $2 AND m.status = $5 AND m.ends_at > $3 AND p.status <> $4
              AND NOT EXISTS (
                  SELECT FROM consent c
                  WHERE c.person_id = m.person_id AND c.recipient_agency_id = p.agency_id AND c.purpose = $6
                    AND c.revoked_at IS NULL AND c.valid_from <= $3 AND c.expires_at >= m.ends_at)
            RETURNING m.meeting_id, m.coordinator_agency_id
            ), raised AS (
                UPDATE meeting_withdrawal_epoch SET epoch = epoch + 1 WHERE EXISTS (SELECT FROM withdrawn)
            )
            SELECT meeting_id, coordinator_agency_id FROM withdrawn
            """, transaction).WithParameters(person.Value, agency.Value, now.UtcDateTime, Withdrawn, Scheduled, CareCoordination);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var withdrawn = new List<(MeetingId, AgencyId)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            withdrawn.Add((OpaqueId.Parse<MeetingId>(reader.GetString(0)), OpaqueId.Parse<AgencyId>(reader.GetString(1))));
        }

        return withdrawn;
    }

    /// <summary>
    /// The coordinator's people whose plan review falls due before <paramref name="dueBefore"/>: for each
    /// person, the last meeting the coordinator held about them, if its review date is that early.
    /// </summary>
    public async Task<IReadOnlyList<(DueReview Review, string PageKey)>> DueReviewsAsync(AgencyId coordinator, DateOnly dueBefore, string? after, int limit, CancellationToken cancellationToken)
    {
        var (afterDate, afterPerson) = Paging.ParseDateKey(after);
        await using var command = database.CreateCommand("""
            SELECT person_id, meeting_id, next_review_date FROM (
                SELECT DISTINCT ON (person_id) person_id, meeting_id, next_review_date
                FROM meeting WHERE coordinator_agency_id = $1 AND status = $2
                ORDER BY person_id, starts_at DESC
            ) latest
            WHERE next_review_date < $3 AND ($4::date IS NULL OR (next_review_date, person_id) > ($4, $5))
            ORDER BY next_review_date, person_id LIMIT $6
            """).WithParameters(coordinator.Value, Held, dueBefore, afterDate, afterPerson, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var reviews = new List<(DueReview, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var (person, date) = (reader.GetString(0), reader.GetFieldValue<DateOnly>(2));
            reviews.Add((new DueReview { PersonId = person, MeetingId = reader.GetString(1), ReviewDate = Iso(date) }, Paging.DateKey(date, person)));
        }

        return reviews;
    }

    /// <summary>
    /// Action items of held meetings that the agency convened or owns items of and still takes part
    /// in, by due date; only <paramref name="owner"/>'s when given, only those due before
    /// <paramref name="dueBefore"/> when given.
    /// </summary>
    public async Task<IReadOnlyList<(ActionItem Item, string PageKey)>> ActionItemsAsync(
        AgencyId agency, AgencyId? owner, DateOnly? dueBefore, string? after, int limit, CancellationToken cancellationToken)
    {
        var (afterDate, afterKey) = Paging.ParseDateKey(after);
        await using var command = database.CreateCommand("""
            SELECT a.description, a.owner_agency_id, a.due_date, a.meeting_id, m.person_id, a.meeting_id || '/' || a.position
            FROM meeting_action_item a JOIN meeting m ON m.meeting_id = a.meeting_id
            WHERE m.status = $2
              AND (m.coordinator_agency_id = $1
                   OR (a.owner_agency_id = $1 AND EXISTS (
                       SELECT FROM meeting_participant p WHERE p.meeting_id = m.meeting_id AND p.agency_id = $1 AND p.status <> $3)))
              AND ($4::text IS NULL OR a.owner_agency_id = $4)
              AND ($5::date IS NULL OR a.due_date < $5)
              AND ($6::date IS NULL OR (a.due_date, a.meeting_id || '/' || a.position) > ($6, $7))
            ORDER BY a.due_date, a.meeting_id || '/' || a.position LIMIT $8
            """).WithParameters(agency.Value, Held, Withdrawn, owner?.Value, dueBefore, afterDate, afterKey, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<(ActionItem, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var due = reader.GetFieldValue<DateOnly>(2);
            items.Add((new ActionItem
            {
                Description = reader.GetString(0),
                OwnerAgencyId = reader.GetString(1),
                DueDate = Iso(due),
                MeetingId = reader.GetString(3),
                PersonId = reader.GetString(4),
            }, Paging.DateKey(due, reader.GetString(5))));
        }

        return items;
    }

    /// <summary>
    /// In the caller's transaction: marks announced, and returns, up to <paramref name="limit"/> plan
    /// reviews that fall due within <paramref name="noticeDays"/> days (in the meeting's time zone) and
    /// were not announced yet. Only the review the coordinator's latest held meeting of the person set
    /// counts, as in <see cref="DueReviewsAsync"/>; rows another transaction is announcing are skipped.
    /// </summary>
    public static async Task<IReadOnlyList<(MeetingId Meeting, PersonId Person, AgencyId Coordinator, DateOnly ReviewDate)>> AnnounceReviewsDueAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, int noticeDays, int limit, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("""
            UPDATE meeting SET review_due_announced = true
            WHERE meeting_id IN (
                SELECT m.meeting_id FROM meeting m
                WHERE m.status = $1 AND NOT m.review_due_announced
                  AND m.next_review_date <= (($2::timestamptz AT TIME ZONE m.time_zone)::date + $3)
                  AND NOT EXISTS (
                      SELECT FROM meeting later
                      WHERE later.person_id = m.person_id AND later.coordinator_agency_id = m.coordinator_agency_id
                        AND later.status = $1 AND later.starts_at > m.starts_at)
                ORDER BY m.next_review_date LIMIT $4 FOR UPDATE SKIP LOCKED)
            RETURNING meeting_id, person_id, coordinator_agency_id, next_review_date
            """, transaction).WithParameters(Held, now.UtcDateTime, noticeDays, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var due = new List<(MeetingId, PersonId, AgencyId, DateOnly)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            due.Add((OpaqueId.Parse<MeetingId>(reader.GetString(0)), OpaqueId.Parse<PersonId>(reader.GetString(1)),
                OpaqueId.Parse<AgencyId>(reader.GetString(2)), reader.GetFieldValue<DateOnly>(3)));
        }

        return due;
    }

    /// <summary>
    /// In the caller's transaction: marks announced, and returns, up to <paramref name="limit"/> action
    /// items of held meetings whose due date is past (in the meeting's time zone) and that were not
    /// announced yet; rows another transaction is announcing are skipped.
    /// </summary>
    public static async Task<IReadOnlyList<ActionItem>> AnnounceOverdueActionItemsAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, DateTimeOffset now, int limit, CancellationToken cancellationToken)
    {
        await using var command = connection.Command("""
            WITH due AS (
                SELECT a.meeting_id, a.position FROM meeting_action_item a JOIN meeting m ON m.meeting_id = a.meeting_id
                WHERE NOT a.overdue_announced AND m.status = $1 AND a.due_date < ($2::timestamptz AT TIME ZONE m.time_zone)::date
                ORDER BY a.due_date LIMIT $3 FOR UPDATE OF a SKIP LOCKED
            )
            UPDATE meeting_action_item a SET overdue_announced = true FROM due, meeting m
            WHERE a.meeting_id = due.meeting_id AND a.position = due.position AND m.meeting_id = a.meeting_id
            RETURNING m.person_id, a.meeting_id, a.description, a.owner_agency_id, a.due_date
            """, transaction).WithParameters(Held, now.UtcDateTime, limit);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var items = new List<ActionItem>();
        while (await reader.ReadAsync(cancellationToken))
        {
            items.Add(new ActionItem
            {
                PersonId = reader.GetString(0),
                MeetingId = reader.GetString(1),
                Description = reader.GetString(2),
                OwnerAgencyId = reader.GetString(3),
                DueDate = Iso(reader.GetFieldValue<DateOnly>(4)),
            });
        }

        return items;
    }

    public static string Iso(DateOnly date) => date.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);


    /// <summary>
    /// The meetings <paramref name="sql"/> selects (<see cref="Columns"/>), then in one more round trip
    /// their participants, agenda and outcome.
    /// </summary>
    private static async Task<IReadOnlyList<StoredMeeting>> ReadAsync(
        NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, object?[] parameters, CancellationToken cancellationToken)
    {
        var meetings = new List<StoredMeeting>();
        await using (var command = connection.Command(sql, transaction).WithParameters(parameters))
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                meetings.Add(ReadMeeting(reader));
            }
        }

        if (meetings.Count == 0)
        {
            return meetings;
        }

        var ids = meetings.Select(meeting => meeting.Id.Value).ToArray();
        // Only a held meeting has an outcome: a page of meetings to come reads two tables, not four.
        var held = meetings.Where(meeting => meeting.OutcomeRecordedAt is not null).Select(meeting => meeting.Id.Value).ToArray();
        await using var batch = new NpgsqlBatch(connection, transaction);
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT meeting_id, agency_id, role, status, comment, responded_at FROM meeting_participant WHERE meeting_id = ANY ($1) ORDER BY meeting_id, position").WithParameters((object)ids));
        batch.BatchCommands.Add(new NpgsqlBatchCommand(
            "SELECT meeting_id, title, aim, minutes FROM meeting_agenda_item WHERE meeting_id = ANY ($1) ORDER BY meeting_id, position").WithParameters((object)ids));
        if (held.Length > 0)
        {
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "SELECT meeting_id, text, confirmed_by_person, person_words FROM meeting_agreement WHERE meeting_id = ANY ($1) ORDER BY meeting_id, position").WithParameters((object)held));
            batch.BatchCommands.Add(new NpgsqlBatchCommand(
                "SELECT meeting_id, description, owner_agency_id, due_date FROM meeting_action_item WHERE meeting_id = ANY ($1) ORDER BY meeting_id, position").WithParameters((object)held));
        }

        await using var children = await batch.ExecuteReaderAsync(cancellationToken);
        var participants = await GroupAsync(children, row => new StoredParticipant(
            OpaqueId.Parse<AgencyId>(row.GetString(1)),
            (ParticipantRole)row.GetInt16(2),
            (ParticipationStatus)row.GetInt16(3),
            row.GetString(4),
            row.IsDBNull(5) ? null : row.GetFieldValue<DateTimeOffset>(5)), cancellationToken);
        await children.NextResultAsync(cancellationToken);
        var agenda = await GroupAsync(children, row => new AgendaItem { Title = row.GetString(1), Aim = row.GetString(2), Minutes = row.GetInt32(3) }, cancellationToken);
        var agreements = new Dictionary<string, List<Agreement>>(StringComparer.Ordinal);
        var actionItems = new Dictionary<string, List<ActionItem>>(StringComparer.Ordinal);
        if (held.Length > 0)
        {
            await children.NextResultAsync(cancellationToken);
            agreements = await GroupAsync(children, row => new Agreement { Text = row.GetString(1), ConfirmedByPerson = row.GetBoolean(2), PersonWords = row.GetString(3) }, cancellationToken);
            await children.NextResultAsync(cancellationToken);
            actionItems = await GroupAsync(children, row => new ActionItem
            {
                Description = row.GetString(1),
                OwnerAgencyId = row.GetString(2),
                DueDate = Iso(row.GetFieldValue<DateOnly>(3)),
                MeetingId = row.GetString(0),
            }, cancellationToken);
        }

        return [.. meetings.Select(meeting => meeting with
        {
            Participants = participants.GetValueOrDefault(meeting.Id.Value) ?? [],
            Agenda = agenda.GetValueOrDefault(meeting.Id.Value) ?? [],
            Agreements = agreements.GetValueOrDefault(meeting.Id.Value) ?? [],
            ActionItems = [.. (actionItems.GetValueOrDefault(meeting.Id.Value) ?? []).Select(item => { item.PersonId = meeting.Person.Value; return item; })],
        })];
    }

    /// <summary>The rows of the current result, by their first column (the meeting id), in order.</summary>
    private static async Task<Dictionary<string, List<T>>> GroupAsync<T>(NpgsqlDataReader reader, Func<NpgsqlDataReader, T> read, CancellationToken cancellationToken)
    {
        var groups = new Dictionary<string, List<T>>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken))
        {
            var meeting = reader.GetString(0);
            if (!groups.TryGetValue(meeting, out var rows))
            {
                groups[meeting] = rows = [];
            }

            rows.Add(read(reader));
        }

        return groups;
    }

    private static StoredMeeting ReadMeeting(NpgsqlDataReader reader) => new()
    {
        Id = OpaqueId.Parse<MeetingId>(reader.GetString(0)),
        Person = OpaqueId.Parse<PersonId>(reader.GetString(1)),
        Coordinator = OpaqueId.Parse<AgencyId>(reader.GetString(2)),
        Status = (MeetingStatus)reader.GetInt16(3),
        Sequence = reader.GetInt32(4),
        StartsAt = reader.GetFieldValue<DateTimeOffset>(5),
        EndsAt = reader.GetFieldValue<DateTimeOffset>(6),
        TimeZone = reader.GetString(7),
        Location = reader.IsDBNull(8) ? null : reader.GetString(8),
        OnlineUrl = reader.IsDBNull(9) ? null : reader.GetString(9),
        PersonAttends = reader.GetBoolean(10),
        DecisionsWanted = reader.GetFieldValue<string[]>(11),
        CancellationReason = reader.IsDBNull(12) ? null : reader.GetString(12),
        NextReviewDate = reader.IsDBNull(13) ? null : reader.GetFieldValue<DateOnly>(13),
        OutcomeRecordedAt = reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
        CreatedAt = reader.GetFieldValue<DateTimeOffset>(15),
        Revision = reader.GetInt32(16),
        Participants = [],
        Agenda = [],
    };
}
