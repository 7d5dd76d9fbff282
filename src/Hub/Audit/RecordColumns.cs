namespace Hub.Audit;

/// <summary>
/// A batch of records as one array per column, the shape PostgreSQL's <c>unnest</c> turns back into
/// rows: one statement then writes the whole batch, whatever its size.
/// </summary>
/// <remarks>
/// The three list columns can't travel as arrays of arrays (<c>unnest</c> would flatten them), so each
/// goes as all its items in one flat array, with every record's first and last position in it.
/// </remarks>
internal sealed class RecordColumns(int capacity)
{
    private readonly long[] _seq = new long[capacity];
    private readonly string[] _recordId = new string[capacity];
    private readonly DateTime[] _occurredAt = new DateTime[capacity];
    private readonly string[] _personId = new string[capacity];
    private readonly string[] _accessor = new string[capacity];
    private readonly short[] _action = new short[capacity];
    private readonly short[] _purpose = new short[capacity];
    private readonly Slices<short> _categories = new(capacity);
    private readonly Slices<string> _consentIds = new(capacity);
    private readonly Slices<string> _authorIds = new(capacity);
    private readonly bool[] _breakGlass = new bool[capacity];
    private readonly string?[] _justification = new string?[capacity];
    private readonly string?[] _meetingId = new string?[capacity];
    private readonly string?[] _eventId = new string?[capacity];
    private readonly byte[][] _previousHash = new byte[capacity][];
    private readonly byte[][] _hash = new byte[capacity][];
    private int _count;

    /// <summary>
    /// The batch as a table named <c>rows</c> with the columns of <see cref="AuditTrail.Columns"/>,
    /// read from parameters $1 to $22 (<see cref="Parameters"/>): the flat lists in $1 (categories),
    /// $2 (consent ids) and $3 (author agency ids), cut back into each record's own.
    /// </summary>
    public const string Rows = """
        (SELECT r.seq, r.record_id, r.occurred_at, r.person_id, r.accessor_agency_id, r.action, r.purpose,
                ($1::smallint[])[r.categories_from:r.categories_to] AS categories, ($2::text[])[r.consents_from:r.consents_to] AS consent_ids,
                ($3::text[])[r.authors_from:r.authors_to] AS author_agency_ids, r.break_glass, r.justification, r.meeting_id, r.event_id, r.prev_hash, r.hash
         FROM unnest($4::bigint[], $5::text[], $6::timestamptz[], $7::text[], $8::text[], $9::smallint[], $10::smallint[],
                     $11::int[], $12::int[], $13::int[], $14::int[], $15::int[], $16::int[],
                     $17::boolean[], $18::text[], $19::bytea[], $20::bytea[], $21::text[], $22::text[])
             AS r(seq, record_id, occurred_at, person_id, accessor_agency_id, action, purpose,
                  categories_from, categories_to, consents_from, consents_to, authors_from, authors_to,
                  break_glass, justification, prev_hash, hash, meeting_id, event_id)) AS rows
        """;

    /// <summary>Parameters $1 to $22 of a statement that reads <see cref="Rows"/>.</summary>
    public object[] Parameters => _count == _seq.Length
        ? [
            _categories.Items, _consentIds.Items, _authorIds.Items,
            _seq, _recordId, _occurredAt, _personId, _accessor, _action, _purpose,
            _categories.From, _categories.To, _consentIds.From, _consentIds.To, _authorIds.From, _authorIds.To,
            _breakGlass, _justification, _previousHash, _hash, _meetingId, _eventId,
        ]
        : throw new InvalidOperationException($"{_count} of {_seq.Length} records were added.");

    public void Add(ChainedRecord record, byte[] previousHash, byte[] hash)
    {
        var i = _count++;
        _seq[i] = record.Seq;
        _recordId[i] = record.RecordId;
        _occurredAt[i] = record.OccurredAt;
        _personId[i] = record.PersonId;
        _accessor[i] = record.AccessorAgencyId;
        _action[i] = record.Action;
        _purpose[i] = record.Purpose;
        _categories.Add(i, record.Categories);
        _consentIds.Add(i, record.ConsentIds);
        _authorIds.Add(i, record.AuthorAgencyIds);
        _breakGlass[i] = record.BreakGlass;
        _justification[i] = record.Justification;
        _meetingId[i] = record.MeetingId;
        _eventId[i] = record.EventId;
        _previousHash[i] = previousHash;
        _hash[i] = hash;
    }

    /// <summary>Lists of every record end to end, and where each record's list starts and ends (1-based, inclusive; empty when from > to).</summary>
    private sealed class Slices<T>(int capacity)
    {
        private readonly List<T> _items = [];

        public int[] From { get; } = new int[capacity];

        public int[] To { get; } = new int[capacity];

        public T[] Items => [.. _items];

        public void Add(int record, T[] values)
        {
            From[record] = _items.Count + 1;
            _items.AddRange(values);
            To[record] = _items.Count;
        }
    }
}
