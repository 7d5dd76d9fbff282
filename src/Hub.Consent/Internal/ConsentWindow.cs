namespace Hub.Consent.Internal;

/// <summary>
/// C2's window, <c>valid_from &lt;= instant &lt; expires_at</c>, on UTC ticks: the one definition of a
/// consent's status that both <see cref="ConsentRecord.StatusAt"/> and the decision index use.
/// </summary>
internal static class ConsentWindow
{
    /// <summary>A consent without an expiry breaks C2 and must never be usable, so it counts as expired from the start of time.</summary>
    public static long ExpiryTicks(DateTimeOffset? expiresAt) => expiresAt?.UtcTicks ?? long.MinValue;

    public static bool IsExpiredAt(long expiresAt, long instant) => instant >= expiresAt;

    /// <summary>Revocation first (it is final), then expiry, so a window that ends before it begins is expired rather than pending.</summary>
    public static ConsentStatus StatusAt(bool revoked, long validFrom, long expiresAt, long instant) =>
        revoked ? ConsentStatus.Revoked
        : IsExpiredAt(expiresAt, instant) ? ConsentStatus.Expired
        : instant < validFrom ? ConsentStatus.Pending
        : ConsentStatus.Active;
}
