using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Hub.Audit;

/// <summary>
/// An audit record in the form it is stored and hashed in: the same values whether they are about to
/// be written or were just read back, so the writer and the verifier can't disagree on what was hashed.
/// </summary>
/// <remarks>
/// The hash input is a fixed layout, not a text format: a version byte, then each field in column order
/// as a big-endian integer or a length-prefixed UTF-8 string (lists as a count, then their items), then
/// the previous record's hash. Length prefixes keep ("ab","c") and ("a","bc") apart; the version byte
/// lets a later layout coexist with records hashed under an earlier one: layout 1 is every record
/// without a meeting or event, layout 2 adds the meeting id after the justification, layout 3 (a
/// record naming an event) adds the meeting id (empty when none) and then the event id.
/// </remarks>
internal sealed record ChainedRecord(
    long Seq,
    string RecordId,
    long OccurredAtMicroseconds,
    string PersonId,
    string AccessorAgencyId,
    short Action,
    short Purpose,
    short[] Categories,
    string[] ConsentIds,
    string[] AuthorAgencyIds,
    bool BreakGlass,
    string? Justification,
    string? MeetingId,
    string? EventId)
{
    public const int HashLength = 32;


    /// <summary>PostgreSQL keeps microseconds; the hash must cover exactly what it keeps.</summary>
    public static long ToMicroseconds(DateTime utc) => (utc.Ticks - DateTime.UnixEpoch.Ticks) / 10;

    public static DateTime FromMicroseconds(long microseconds) => new(DateTime.UnixEpoch.Ticks + (microseconds * 10), DateTimeKind.Utc);

    public DateTime OccurredAt => FromMicroseconds(OccurredAtMicroseconds);

    /// <summary>SHA-256 over this record's content and <paramref name="previousHash"/>.</summary>
    public byte[] Hash(ReadOnlySpan<byte> previousHash)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData([EventId is not null ? (byte)3 : MeetingId is not null ? (byte)2 : (byte)1]);
        AppendInt64(hash, Seq);
        AppendText(hash, RecordId);
        AppendInt64(hash, OccurredAtMicroseconds);
        AppendText(hash, PersonId);
        AppendText(hash, AccessorAgencyId);
        AppendInt64(hash, Action);
        AppendInt64(hash, Purpose);
        AppendInt64(hash, Categories.Length);
        foreach (var category in Categories)
        {
            AppendInt64(hash, category);
        }

        AppendTexts(hash, ConsentIds);
        AppendTexts(hash, AuthorAgencyIds);
        hash.AppendData([BreakGlass ? (byte)1 : (byte)0, Justification is null ? (byte)0 : (byte)1]);
        AppendText(hash, Justification ?? string.Empty);
        if (EventId is not null)
        {
            AppendText(hash, MeetingId ?? string.Empty);
            AppendText(hash, EventId);
        }
        else if (MeetingId is not null)
        {
            AppendText(hash, MeetingId);
        }

        hash.AppendData(previousHash);
        return hash.GetHashAndReset();
    }

    private static void AppendInt64(IncrementalHash hash, long value)
    {
        Span<byte> bytes = stackalloc byte[sizeof(long)];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        hash.AppendData(bytes);
    }

    private static void AppendText(IncrementalHash hash, string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text);
        AppendInt64(hash, bytes.Length);
        hash.AppendData(bytes);
    }

    private static void AppendTexts(IncrementalHash hash, string[] texts)
    {
        AppendInt64(hash, texts.Length);
        foreach (var text in texts)
        {
            AppendText(hash, text);
        }
    }
}
