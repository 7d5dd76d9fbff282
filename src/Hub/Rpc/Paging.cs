using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Grpc.Core;

namespace Hub.Rpc;

/// <summary>List paging: a bounded page size and an opaque token that resumes after the last key sent.</summary>
internal readonly record struct Paging(int Size, string? After)
{
    public const int DefaultSize = 50;
    public const int MaxSize = 500;

    /// <summary>Where a list ordered by a number (a sequence) resumes: after this number, 0 for the first page.</summary>
    public long AfterNumber =>
        After is null ? 0
        : long.TryParse(After, NumberStyles.None, CultureInfo.InvariantCulture, out var number) ? number
        : throw NotHandedOut();

    public static Paging From(int pageSize, string pageToken)
    {
        if (pageSize < 0)
        {
            throw Errors.InvalidField("page_size", "page_size can't be negative.");
        }

        string? after = null;
        if (pageToken.Length > 0)
        {
            try
            {
                after = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(pageToken));
            }
            catch (FormatException)
            {
                throw NotHandedOut();
            }

            // A key the hub handed out is an id or a number; decoded, a forged token could hold
            // anything, U+0000 included, which must not reach PostgreSQL.
            if (after.Contains('\0', StringComparison.Ordinal))
            {
                throw NotHandedOut();
            }
        }

        return new Paging(pageSize == 0 ? DefaultSize : Math.Min(pageSize, MaxSize), after);
    }

    /// <summary>The token for the page after one that ended at <paramref name="lastKey"/>, or empty when the page was not full.</summary>
    public string NextToken(int returned, string? lastKey) =>
        returned == Size && lastKey is not null ? Base64Url.EncodeToString(Encoding.UTF8.GetBytes(lastKey)) : string.Empty;

    /// <summary>The token for the page after one that ended at the number <paramref name="lastKey"/>.</summary>
    public string NextToken(int returned, long? lastKey) =>
        NextToken(returned, lastKey?.ToString(CultureInfo.InvariantCulture));

    /// <summary>The key of a row in a list ordered by an instant, then an id.</summary>
    public static string TimeKey(DateTimeOffset at, string id) => $"{at.UtcTicks.ToString(CultureInfo.InvariantCulture)}|{id}";

    /// <summary>A <see cref="TimeKey"/> taken apart; nulls for the first page.</summary>
    public static (DateTime? At, string? Id) ParseTimeKey(string? key)
    {
        if (key is null)
        {
            return (null, null);
        }

        var separator = key.IndexOf('|', StringComparison.Ordinal);
        return separator > 0
            && long.TryParse(key.AsSpan(0, separator), NumberStyles.None, CultureInfo.InvariantCulture, out var ticks)
            && ticks <= DateTime.MaxValue.Ticks
            ? (new DateTime(ticks, DateTimeKind.Utc), key[(separator + 1)..])
            : throw NotHandedOut();
    }

    /// <summary>The key of a row in a list ordered by a day, then a text.</summary>
    public static string DateKey(DateOnly day, string id) => $"{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}|{id}";

    /// <summary>A <see cref="DateKey"/> taken apart; nulls for the first page.</summary>
    public static (DateOnly? Day, string? Id) ParseDateKey(string? key)
    {
        if (key is null)
        {
            return (null, null);
        }

        var separator = key.IndexOf('|', StringComparison.Ordinal);
        return separator > 0 && DateOnly.TryParseExact(key.AsSpan(0, separator), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? (day, key[(separator + 1)..])
            : throw NotHandedOut();
    }

    private static RpcException NotHandedOut() => Errors.InvalidField("page_token", "page_token is not one this hub handed out.");
}
