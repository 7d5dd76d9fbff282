using System.Collections.Concurrent;

namespace Hub.Auth;

/// <summary>
/// Access tokens that already passed every check, with who they identify, until they expire. A token
/// is immutable and signed, so one that verified once verifies again until its exp; checking its
/// ES256 signature costs about 200 µs, most of a simple call. Whether the client has been disabled is
/// not cached here: <see cref="CallerStatus"/> asks on its own schedule.
/// </summary>
internal sealed class ValidatedTokens(TimeProvider clock)
{
    /// <summary>Well above the live tokens of every partner system; a flood of distinct tokens costs a refill, never unbounded memory.</summary>
    public const int Capacity = 10_000;

    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public bool TryGet(string token, out CallerIdentity? caller)
    {
        if (_entries.TryGetValue(token, out var entry) && clock.GetUtcNow() < entry.ValidUntil)
        {
            caller = entry.Caller;
            return true;
        }

        caller = null;
        return false;
    }

    /// <summary>Remembers a token that passed every check until <paramref name="validUntil"/>, the first instant the validator would refuse it.</summary>
    public void Add(string token, CallerIdentity caller, DateTimeOffset validUntil)
    {
        if (_entries.Count >= Capacity)
        {
            var now = clock.GetUtcNow();
            foreach (var (expiredToken, _) in _entries.Where(pair => pair.Value.ValidUntil <= now))
            {
                _entries.TryRemove(expiredToken, out _);
            }

            if (_entries.Count >= Capacity)
            {
                _entries.Clear();
            }
        }

        _entries[token] = new Entry(caller, validUntil);
    }

    private sealed record Entry(CallerIdentity Caller, DateTimeOffset ValidUntil);
}
